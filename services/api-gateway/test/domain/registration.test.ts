import { expect, test } from "bun:test";
import * as v from "valibot";
import { BatchRegistrationRequestV1Schema, ClientBatchRegistrationRequestSchema } from "@shared/contracts/batch-registration.ts";
import { toBosRegistration } from "../../src/domain/registration.ts";

const client = v.parse(ClientBatchRegistrationRequestSchema, {
  expected_essay_count: 3, course_code: "ENG5", essay_instructions: "Write about a journey.",
  student_prompt_ref: { references: { student_prompt_text: { storage_id: "prompt-1" } } },
});

test("identity comes from the token and the prompt reference is kept as is", () => {
  const bos = toBosRegistration(client, { userId: "u1", orgId: "org-9" });
  expect(v.parse(BatchRegistrationRequestV1Schema, bos)).toEqual(bos);
  expect(bos.user_id).toBe("u1");
  expect(bos.org_id).toBe("org-9");
  expect(bos.student_prompt_ref).toEqual({ references: { student_prompt_text: { storage_id: "prompt-1" } } });
});

test("no org_id when the caller has no organisation", () => {
  expect("org_id" in toBosRegistration(client, { userId: "u1", orgId: null })).toBe(false);
});
