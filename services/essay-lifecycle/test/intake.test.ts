import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import {
  BatchContentProvisioningCompletedTopic, EssaySlotAssignedTopic, ExcessContentProvisionedTopic,
} from "@shared/contracts/events/els.ts";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { content, essayIdsFor, failure, newBatchId, registration } from "./support/fixtures.ts";

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

const completions = (batchId: string) => h.events(BatchContentProvisioningCompletedTopic, batchId);
const waitCompleted = (batchId: string) =>
  waitFor(`batch ${batchId} provisioning completed`, async () => ((await completions(batchId)).length > 0 ? completions(batchId) : undefined));

describe("intake", () => {
  test("content fills slots; the batch is handed on once with every essay's file, text and student", async () => {
    const batchId = newBatchId();
    const essayIds = essayIdsFor(batchId, 2);
    await h.publish(BatchEssaysRegisteredTopic, { ...registration(batchId, essayIds), class_id: "class-9a" });
    const first = content(batchId, 0);
    await h.publish(EssayContentProvisionedTopic, first, { correlationId: "corr-intake" });
    await h.publish(EssayContentProvisionedTopic, content(batchId, 1));
    const [completed] = await waitCompleted(batchId);
    expect(completed).toBeDefined();
    expect(completed?.expected_count).toBe(2);
    expect(completed?.provisioned_count).toBe(2);
    expect(completed?.failures).toEqual([]);
    // The batch's kind and teacher travel with it, so consumers need not have seen the registration first.
    expect([completed?.class_id, completed?.user_id]).toEqual(["class-9a", "teacher-1"]);
    const byUpload = new Map(completed?.essays.map((e) => [e.file_upload_id, e]));
    expect(byUpload.get(`${batchId}-upload-0`)).toMatchObject({
      text_storage_id: `${batchId}-text-0`, original_file_name: "essay-0.txt", student_name: "Student 0", student_email: "student0@school.test",
    });
    expect(new Set(completed?.essays.map((e) => e.essay_id))).toEqual(new Set(essayIds));

    const assigned = await h.envelopes(EssaySlotAssignedTopic, batchId);
    expect(assigned.length).toBe(2);
    // The correlation id of the file event travels on to the event it caused.
    expect(assigned.find((e) => (e.data as { file_upload_id: string }).file_upload_id === first.file_upload_id)?.correlation_id).toBe("corr-intake");
    const rows = h.query<{ status: string; text_storage_id: string }>("SELECT status, text_storage_id FROM essays WHERE batch_id = ?", batchId);
    expect(rows.map((r) => r.status)).toEqual(["READY_FOR_PROCESSING", "READY_FOR_PROCESSING"]);
    await settle();
    expect((await completions(batchId)).length).toBe(1);
  });

  test("content that arrives before its registration is held, then applied — nothing is lost", async () => {
    const batchId = newBatchId();
    await h.publish(EssayContentProvisionedTopic, content(batchId, 0));
    await h.publish(EssayContentProvisionedTopic, content(batchId, 1));
    await waitFor("content held", () => h.query<{ n: number }>("SELECT count(*) AS n FROM pending_contents WHERE batch_id = ?", batchId)[0]?.n === 2);
    expect(await h.events(EssaySlotAssignedTopic, batchId)).toEqual([]);

    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 3)));
    await waitFor("held content assigned", async () => (await h.events(EssaySlotAssignedTopic, batchId)).length === 2);
    expect(h.query("SELECT * FROM pending_contents WHERE batch_id = ?", batchId)).toEqual([]);
    expect(await completions(batchId)).toEqual([]);

    await h.publish(EssayContentProvisionedTopic, content(batchId, 2));
    const [completed] = await waitCompleted(batchId);
    expect(completed?.essays.map((e) => e.file_upload_id).sort()).toEqual([0, 1, 2].map((i) => `${batchId}-upload-${i}`));
    expect(completed?.class_id).toBeNull(); // registered without a class: GUEST
  });

  test("rejected files never complete a batch: 99 junk files for 2 essays leave it open, and the right files fill it afterwards", async () => {
    const batchId = newBatchId();
    await h.publish(EssayValidationFailedTopic, failure(batchId, 0)); // one before registration, too
    await waitFor("early failure recorded", () => h.query("SELECT * FROM validation_failures WHERE batch_id = ?", batchId).length === 1);
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 2)));
    for (let i = 1; i < 99; i++) await h.publish(EssayValidationFailedTopic, failure(batchId, i));
    await waitFor("every failure recorded", () => h.query("SELECT * FROM validation_failures WHERE batch_id = ?", batchId).length === 99);
    await settle();
    expect(await completions(batchId)).toEqual([]);

    await h.publish(EssayContentProvisionedTopic, content(batchId, 0));
    await settle();
    expect(await completions(batchId)).toEqual([]); // one good file of two: still open
    await h.publish(EssayContentProvisionedTopic, content(batchId, 1));
    const [completed] = await waitCompleted(batchId);
    expect(completed?.provisioned_count).toBe(2);
    expect(completed?.essays.map((e) => e.file_upload_id).sort()).toEqual([`${batchId}-upload-0`, `${batchId}-upload-1`]);
    // The rejected files are still reported to BOS, each once.
    expect(completed?.failures.length).toBe(99);
    expect(completed?.failures[0]).toMatchObject({ error_code: "CORRUPT_FILE", message: "The file could not be read" });
    expect(await h.events(ExcessContentProvisionedTopic, batchId)).toEqual([]);
  });

  test("a failure redelivered, or reported again under a new event id, is recorded once; completed exactly once", async () => {
    const batchId = newBatchId();
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 1)));
    const bad = await h.publish(EssayValidationFailedTopic, failure(batchId, 1));
    await h.republish(EssayValidationFailedTopic, bad);
    await h.publish(EssayValidationFailedTopic, failure(batchId, 1));
    await h.publish(EssayContentProvisionedTopic, content(batchId, 0));
    const [completed] = await waitCompleted(batchId);
    expect(completed?.failures.map((f) => f.file_upload_id)).toEqual([`${batchId}-bad-upload-1`]);
    await settle();
    expect((await completions(batchId)).length).toBe(1);
    expect(h.query("SELECT * FROM validation_failures WHERE batch_id = ?", batchId).length).toBe(1);
  });

  test("content beyond the expected count is excess, and a rejected file does not take a slot from it", async () => {
    const batchId = newBatchId();
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 2)));
    await h.publish(EssayValidationFailedTopic, failure(batchId, 0));
    await h.publish(EssayContentProvisionedTopic, content(batchId, 0));
    await h.publish(EssayContentProvisionedTopic, content(batchId, 1));
    await waitCompleted(batchId);
    await h.publish(EssayContentProvisionedTopic, content(batchId, 2));
    const [excess] = await waitFor("excess", async () => {
      const events = await h.events(ExcessContentProvisionedTopic, batchId);
      return events.length > 0 ? events : undefined;
    });
    expect(excess).toMatchObject({ file_upload_id: `${batchId}-upload-2`, reason: "all_slots_taken", text_storage_id: `${batchId}-text-2` });
    expect((await h.events(EssaySlotAssignedTopic, batchId)).length).toBe(2);
  });

  test("the same text uploaded as a second file does not take a second slot and is reported", async () => {
    const batchId = newBatchId();
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 3)));
    const original = content(batchId, 0);
    await h.publish(EssayContentProvisionedTopic, original);
    await waitFor("first assigned", async () => (await h.events(EssaySlotAssignedTopic, batchId)).length === 1);
    await h.publish(EssayContentProvisionedTopic, { ...content(batchId, 7), content_sha256: original.content_sha256 });
    const [excess] = await waitFor("duplicate reported", async () => {
      const events = await h.events(ExcessContentProvisionedTopic, batchId);
      return events.length > 0 ? events : undefined;
    });
    expect(excess).toMatchObject({ file_upload_id: `${batchId}-upload-7`, reason: "duplicate_content" });
    expect(h.query("SELECT essay_id FROM essays WHERE batch_id = ? AND content_sha256 IS NOT NULL", batchId).length).toBe(1);
  });

  test("a repeated registration does not add slots or reset them", async () => {
    const batchId = newBatchId();
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 2)));
    await h.publish(EssayContentProvisionedTopic, content(batchId, 0));
    await waitFor("assigned", async () => (await h.events(EssaySlotAssignedTopic, batchId)).length === 1);
    await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, 5)));
    await waitFor("ignored registration logged", () => h.logger.lines.some((l) => l.msg === "batch already registered; registration ignored" && l.batch_id === batchId));
    const rows = h.query<{ status: string }>("SELECT status FROM essays WHERE batch_id = ? ORDER BY slot_index", batchId);
    expect(rows.map((r) => r.status)).toEqual(["READY_FOR_PROCESSING", "AWAITING_CONTENT"]);
  });
});
