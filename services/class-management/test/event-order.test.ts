import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { StudentAssociationsConfirmedTopic } from "@shared/contracts/events/classes.ts";
import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import { startHarness, until, type Harness } from "./support/harness.ts";

// A long confirmation timeout: the teacher, not the timeout, settles these batches.
let h: Harness;
beforeAll(async () => { h = await startHarness({ CLASS_MANAGEMENT_CONFIRMATION_TIMEOUT_SECONDS: "3600" }); });
afterAll(async () => { await h?.stop(); });

type View = { status: string; confirmed_by: string | null; associations: { essay_id: string; suggested_student: { student_id: string } | null; student: { student_id: string } | null }[] };
const essays = [
  { essay_id: "e1", text_storage_id: "t1", original_file_name: "a.txt", file_upload_id: "f1", student_name: "Åsa Lindén", student_email: null },
  { essay_id: "e2", text_storage_id: "t2", original_file_name: "b.txt", file_upload_id: "f2", student_name: "jonas ek", student_email: null },
];

describe("provisioning completed before the batch registration (two streams, no order)", () => {
  test("a REGULAR batch still gets suggestions, the late registration changes nothing, and the teacher can confirm", async () => {
    const user = "t-order";
    const { body: cls } = await h.call<{ class_id: string }>("POST", `/internal/v1/users/${user}/classes`, { name: "9A", course_code: "SV2" });
    const asa = (await h.call<{ student_id: string }>("POST", `/internal/v1/users/${user}/classes/${cls.class_id}/students`, { first_name: "Åsa", last_name: "Lindén" })).body.student_id;
    const jonas = (await h.call<{ student_id: string }>("POST", `/internal/v1/users/${user}/classes/${cls.class_id}/students`, { first_name: "Jonas", last_name: "Ek" })).body.student_id;
    const batchId = crypto.randomUUID();
    const path = `/internal/v1/users/${user}/batches/${batchId}/student-associations`;

    await h.publish(BatchContentProvisioningCompletedTopic, { batch_id: batchId, class_id: cls.class_id, user_id: user, expected_count: 2, provisioned_count: 2, failures: [], essays });
    const suggested = await until("suggestions without the registration", async () => {
      const got = await h.call<View>("GET", path);
      return got.status === 200 && got.body.status === "awaiting_confirmation" ? got.body : undefined;
    });
    expect(suggested.associations.map((a) => a.suggested_student?.student_id ?? null)).toEqual([asa, jonas]);

    await h.publish(BatchEssaysRegisteredTopic, {
      batch_id: batchId, expected_essay_count: 2, essay_ids: ["e1", "e2"], course_code: "SV2", language: "sv", essay_instructions: "x", user_id: user, class_id: cls.class_id,
    });
    await Bun.sleep(500); // the registration is handled (block 100 ms) and must not reset the batch to awaiting content
    expect((await h.call<View>("GET", path)).body.status).toBe("awaiting_confirmation");

    const confirmed = await h.call<View>("POST", `${path}/confirm`, {});
    expect(confirmed.status).toBe(200);
    const after = await h.call<View>("GET", path);
    expect(after.body.confirmed_by).toBe("teacher");
    expect(after.body.associations.map((a) => a.student?.student_id ?? null)).toEqual([asa, jonas]);
    const events = await until("confirmed event", async () => {
      const found = (await h.redis.client().xrange(StudentAssociationsConfirmedTopic.name, "-", "+"))
        .map(([, f]) => JSON.parse(f[1] as string) as { data: { batch_id: string } }).filter((e) => e.data.batch_id === batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
  });

  test("a GUEST batch (class_id null) is not matched, whichever event comes first", async () => {
    const batchId = crypto.randomUUID();
    await h.publish(BatchContentProvisioningCompletedTopic, { batch_id: batchId, class_id: null, user_id: "t-guest", expected_count: 2, provisioned_count: 2, failures: [], essays });
    await h.publish(BatchEssaysRegisteredTopic, {
      batch_id: batchId, expected_essay_count: 2, essay_ids: ["e1", "e2"], course_code: "SV2", language: "sv", essay_instructions: "x", user_id: "t-guest",
    });
    await Bun.sleep(500);
    expect((await h.call("GET", `/internal/v1/users/t-guest/batches/${batchId}/student-associations`)).status).toBe(404);
  });
});
