import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchContentProvisioningCompletedTopic, EssaySlotAssignedTopic } from "@shared/contracts/events/els.ts";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { BatchErasureRequestedTopic, BatchEssayRemovalRequestedTopic, BatchEssaysAddedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { join } from "node:path";
import { loadContentConfig } from "../../content-service/src/config.ts";
import { startContentService } from "../../content-service/src/service.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { content, failure, provisionedBatch } from "./support/fixtures.ts";

// Slots added to a handed-on batch and removed again (the teacher's file was refused, so the slot
// is given up): the batch is handed on once more, even with the very same essays as before.
let h: ElsHarness;
let contentService: RunningService & { url: string };
beforeAll(async () => {
  h = await startHarness();
  // A removed slot's content is erased in the content service first.
  contentService = await startContentService(
    loadContentConfig({ ...h.env, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(h.env.HULEEDU_DATA_DIR as string, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  h.env.CONTENT_SERVICE_URL = contentService.url;
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
  await contentService.stop();
});

const completions = (batchId: string) => h.events(BatchContentProvisioningCompletedTopic, batchId);
const waitCompletions = (batchId: string, n: number) =>
  waitFor(`${n} provisioning completions of ${batchId}`, async () => {
    const events = await completions(batchId);
    return events.length >= n ? events : undefined;
  });
const addSlots = (batchId: string, essayIds: string[], expected: number) =>
  h.publish(BatchEssaysAddedTopic, { batch_id: batchId, user_id: "teacher-1", essay_ids: essayIds, expected_essay_count: expected });
const removeSlot = (batchId: string, essayId: string, expected: number) =>
  h.publish(BatchEssayRemovalRequestedTopic, { batch_id: batchId, user_id: "teacher-1", essay_id: essayId, expected_essay_count: expected });
const slotRemoved = (batchId: string, essayId: string) =>
  waitFor(`slot ${essayId} removed`, async () => (await h.events(EssaySlotRemovedTopic, batchId)).some((e) => e.essay_id === essayId));

describe("essay set changes after the hand-over", () => {
  test("a slot added and removed again (its only file refused) hands the same essays on again, once per change, redeliveries absorbed", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    const added = `${batchId}-added-0`;
    const addition = await addSlots(batchId, [added], 3);
    await waitFor("slot added", () => h.query("SELECT * FROM essays WHERE essay_id = ?", added).length === 1);
    await h.publish(EssayValidationFailedTopic, failure(batchId, 0));
    await waitFor("refused file recorded", () => h.query("SELECT * FROM validation_failures WHERE batch_id = ?", batchId).length === 1);
    expect((await completions(batchId)).length).toBe(1);

    const removal = await removeSlot(batchId, added, 2);
    const [first, second] = await waitCompletions(batchId, 2);
    expect(second?.essays.map((e) => e.essay_id).sort()).toEqual(essays.map((e) => e.essay_id).sort());
    expect(second?.essays.map((e) => e.essay_id).sort()).toEqual(first?.essays.map((e) => e.essay_id).sort());
    expect(second).toMatchObject({ expected_count: 2, provisioned_count: 2 });
    expect(second?.failures.map((f) => f.file_upload_id)).toEqual([`${batchId}-bad-upload-0`]);

    // The same removal delivered again changes nothing and emits nothing more.
    await h.republish(BatchEssayRemovalRequestedTopic, removal);
    await settle();
    expect((await completions(batchId)).length).toBe(2);
    expect((await h.events(EssaySlotRemovedTopic, batchId)).length).toBe(1);

    // A second round of the same: handed on a third time.
    const again = `${batchId}-added-1`;
    await addSlots(batchId, [again], 3);
    await waitFor("second slot added", () => h.query("SELECT * FROM essays WHERE essay_id = ?", again).length === 1);
    await removeSlot(batchId, again, 2);
    const third = (await waitCompletions(batchId, 3))[2];
    expect(third?.essays.map((e) => e.essay_id).sort()).toEqual(essays.map((e) => e.essay_id).sort());

    // The first addition redelivered late neither brings its slot back nor opens the batch again.
    await h.republish(BatchEssaysAddedTopic, addition);
    await settle();
    expect((await completions(batchId)).length).toBe(3);
    expect(h.query<{ expected_count: number; essay_set_version: number; provisioning_completed_at: string | null }>(
      "SELECT expected_count, essay_set_version, provisioning_completed_at FROM batches WHERE batch_id = ?", batchId,
    )[0]).toMatchObject({ expected_count: 2, essay_set_version: 4, provisioning_completed_at: expect.any(String) });
    expect(h.query("SELECT * FROM essays WHERE batch_id = ?", batchId).length).toBe(2);
  });

  test("two slots added, one filled and one refused: removing the refused one hands on the three essays", async () => {
    const { batchId } = await provisionedBatch(h, 2);
    const [good, refused] = [`${batchId}-added-0`, `${batchId}-added-1`];
    await addSlots(batchId, [good, refused], 4);
    await waitFor("slots added", () => h.query("SELECT * FROM essays WHERE batch_id = ?", batchId).length === 4);
    await h.publish(EssayContentProvisionedTopic, content(batchId, 2));
    await h.publish(EssayValidationFailedTopic, failure(batchId, 1));
    await waitFor("third essay assigned", async () => (await h.events(EssaySlotAssignedTopic, batchId)).length === 3);
    await settle();
    expect((await completions(batchId)).length).toBe(1);

    await removeSlot(batchId, refused, 3);
    const second = (await waitCompletions(batchId, 2))[1];
    expect(second?.essays.map((e) => e.essay_id)).toContain(good);
    expect(second).toMatchObject({ expected_count: 3, provisioned_count: 3 });
  });

  test("the last of several refused slots removed hands the batch on; an earlier removal does not", async () => {
    const { batchId } = await provisionedBatch(h, 2);
    const refused = [`${batchId}-added-0`, `${batchId}-added-1`];
    await addSlots(batchId, refused, 4);
    await waitFor("slots added", () => h.query("SELECT * FROM essays WHERE batch_id = ?", batchId).length === 4);
    await removeSlot(batchId, refused[0] as string, 3);
    await slotRemoved(batchId, refused[0] as string);
    await settle();
    expect((await completions(batchId)).length).toBe(1);
    await removeSlot(batchId, refused[1] as string, 2);
    const second = (await waitCompletions(batchId, 2))[1];
    expect(second).toMatchObject({ expected_count: 2, provisioned_count: 2 });
  });

  test("a removal that overtakes its addition (another worker, a retry): the late addition does not bring the slot back, and the batch is handed on again", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    const slot = `${batchId}-added-0`;
    await removeSlot(batchId, slot, 2);
    await slotRemoved(batchId, slot);
    await addSlots(batchId, [slot], 3);
    const second = (await waitCompletions(batchId, 2))[1];
    expect(second?.essays.map((e) => e.essay_id).sort()).toEqual(essays.map((e) => e.essay_id).sort());
    expect(second).toMatchObject({ expected_count: 2, provisioned_count: 2 });
    expect(h.query("SELECT * FROM essays WHERE batch_id = ?", batchId).length).toBe(2);
    await settle();
    expect((await completions(batchId)).length).toBe(2);

    // The removed-slot mark goes with the batch.
    expect(h.query("SELECT * FROM removed_slots WHERE batch_id = ?", batchId).length).toBe(1);
    await h.publish(BatchErasureRequestedTopic, { batch_id: batchId, user_id: "teacher-1", essay_ids: essays.map((e) => e.essay_id), reason: "owner_request", participants: ["essay-lifecycle"] });
    await waitFor("batch erased", () => h.query("SELECT * FROM batches WHERE batch_id = ?", batchId).length === 0);
    expect(h.query("SELECT * FROM removed_slots WHERE batch_id = ?", batchId)).toEqual([]);
  });

  test("removing an essay from a batch already handed on does not hand it on again", async () => {
    const { batchId, essays } = await provisionedBatch(h, 3);
    await removeSlot(batchId, essays[0]?.essay_id as string, 2);
    await slotRemoved(batchId, essays[0]?.essay_id as string);
    await settle();
    expect((await completions(batchId)).length).toBe(1);
  });
});
