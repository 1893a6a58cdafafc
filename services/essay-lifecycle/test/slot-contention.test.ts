import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { BatchContentProvisioningCompletedTopic, EssaySlotAssignedTopic, ExcessContentProvisionedTopic } from "@shared/contracts/events/els.ts";
import { EssayContentProvisionedTopic } from "@shared/contracts/events/file.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { content, essayIdsFor, newBatchId, registration } from "./support/fixtures.ts";
import { spawnWorker, type WorkerProcess } from "./support/worker-process.ts";

// Two worker PROCESSES on one SQLite file and one consumer group: real cross-process contention.
let h: ElsHarness;
let workers: WorkerProcess[] = [];
beforeAll(async () => {
  h = await startHarness();
  workers = [await spawnWorker(h.env), await spawnWorker(h.env)];
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await h.stop();
});

async function registered(batchId: string, slots: number): Promise<void> {
  await h.publish(BatchEssaysRegisteredTopic, registration(batchId, essayIdsFor(batchId, slots)));
  await waitFor("slots created", () => h.query("SELECT essay_id FROM essays WHERE batch_id = ?", batchId).length === slots);
}

const handledBy = (w: WorkerProcess, batchId: string) =>
  w.lines.filter((l) => l.batch_id === batchId && (l.msg === "content assigned to slot" || l.msg === "content beyond the expected essay count" || l.msg === "same content delivered again; ignored")).length;

describe("slot contention across two worker processes", () => {
  test("20 distinct contents raced at 3 slots: exactly 3 assignments, 17 excess, one completion, no errors", async () => {
    const batchId = newBatchId();
    await registered(batchId, 3);
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.publish(EssayContentProvisionedTopic, content(batchId, i))));

    await waitFor("all 20 handled", async () =>
      (await h.events(EssaySlotAssignedTopic, batchId)).length + (await h.events(ExcessContentProvisionedTopic, batchId)).length >= 20);
    await settle();
    const assigned = await h.events(EssaySlotAssignedTopic, batchId);
    const excess = await h.events(ExcessContentProvisionedTopic, batchId);
    expect(assigned.length).toBe(3);
    expect(new Set(assigned.map((a) => a.essay_id))).toEqual(new Set(essayIdsFor(batchId, 3)));
    expect(excess.length).toBe(17);
    expect(excess.every((e) => e.reason === "all_slots_taken")).toBe(true);
    // Every content went exactly one way.
    const uploads = [...assigned, ...excess].map((e) => e.file_upload_id);
    expect(new Set(uploads).size).toBe(20);
    expect((await h.events(BatchContentProvisioningCompletedTopic, batchId)).length).toBe(1);

    const slots = h.query<{ content_sha256: string | null; status: string }>("SELECT content_sha256, status FROM essays WHERE batch_id = ?", batchId);
    expect(new Set(slots.map((s) => s.content_sha256)).size).toBe(3);
    expect(slots.every((s) => s.status === "READY_FOR_PROCESSING")).toBe(true);

    // Both processes took part, and neither logged an error or dead-lettered anything.
    expect(workers.map((w) => handledBy(w, batchId)).every((n) => n > 0)).toBe(true);
    expect(workers.reduce((n, w) => n + handledBy(w, batchId), 0)).toBe(20);
    expect(workers.flatMap((w) => w.lines.filter((l) => l.level === "error" || l.level === "warn" && l.msg === "handler failed; entry stays pending for retry"))).toEqual([]);
    expect(await h.redis.exists(EssayContentProvisionedTopic.dlq)).toBe(0);
  });

  test("the same content delivered 5 times concurrently takes one slot", async () => {
    const batchId = newBatchId();
    await registered(batchId, 3);
    const same = content(batchId, 0);
    await Promise.all(Array.from({ length: 5 }, () => h.publish(EssayContentProvisionedTopic, same)));

    await waitFor("all 5 handled", () => workers.reduce((n, w) => n + handledBy(w, batchId), 0) === 5);
    await settle();
    const assigned = await h.events(EssaySlotAssignedTopic, batchId);
    expect(assigned.length).toBe(1);
    expect(assigned[0]?.file_upload_id).toBe(same.file_upload_id);
    expect(await h.events(ExcessContentProvisionedTopic, batchId)).toEqual([]);
    const filled = h.query("SELECT essay_id FROM essays WHERE batch_id = ? AND content_sha256 IS NOT NULL", batchId);
    expect(filled.length).toBe(1);
    expect(workers.flatMap((w) => w.lines.filter((l) => l.level === "error"))).toEqual([]);
  });
});
