import { describe, expect, test } from "bun:test";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { assertPromptUsable, promptNotFound } from "../../src/domain/prompt-access.ts";

function errorOf(fn: () => unknown): HuleEduError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof HuleEduError) return err;
    throw err;
  }
}

describe("assertPromptUsable", () => {
  const field = "student_prompt_ref.references.student_prompt_text";
  test("the uploader may use the prompt; a prompt with no recorded owner is accepted", () => {
    expect(errorOf(() => assertPromptUsable("u1", "u1", "p1", field))).toBeUndefined();
    expect(errorOf(() => assertPromptUsable(null, "u1", "p1", field))).toBeUndefined();
    expect(errorOf(() => assertPromptUsable(undefined, "u1", "p1", field))).toBeUndefined();
  });

  test("another user's prompt is 404, answered exactly like missing content", () => {
    const foreign = errorOf(() => assertPromptUsable("u2", "u1", "p1", field));
    expect(foreign?.status).toBe(404);
    expect(foreign?.toDetail()).toEqual(promptNotFound("p1", field).toDetail());
    expect(foreign?.details.reason).toBe("prompt_content_not_found");
  });
});
