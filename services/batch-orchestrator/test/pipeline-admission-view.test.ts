import { afterAll, beforeAll, expect, test } from "bun:test";
import { promptRef, startHarness, type Harness } from "./support/harness.ts";
import { awaitCommand, phaseOutcome, readyBatch, requestPipeline, summaryOf, waitForStatus } from "./support/flows.ts";

// BOS owns when a pipeline may start; the gateway answers from `pipeline_admission` instead of its own list.
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

const admissionOf = async (batchId: string) => (await summaryOf(h, batchId)).pipeline_admission;

test("a ready batch may start a pipeline; while one runs it may not", async () => {
  const batch = await readyBatch(h, { userId: "teacher-admit-1", prompt: promptRef() });
  expect(await admissionOf(batch.batchId)).toEqual({ allowed: true, reason: null, message: null });
  await requestPipeline(h, batch, "spellcheck");
  await awaitCommand(h, "spellcheck", batch.batchId);
  expect(await admissionOf(batch.batchId)).toMatchObject({ allowed: false, reason: "pipeline_in_progress" });
});

test("a batch whose pipeline failed critically may run another; one with no essays may not", async () => {
  const failed = await readyBatch(h, { userId: "teacher-admit-2", prompt: promptRef() });
  await requestPipeline(h, failed, "spellcheck");
  await awaitCommand(h, "spellcheck", failed.batchId);
  await phaseOutcome(h, failed.batchId, "spellcheck", "FAILED_CRITICALLY", [], failed.essayIds);
  await waitForStatus(h, failed.batchId, "FAILED_CRITICALLY");
  expect(await admissionOf(failed.batchId)).toEqual({ allowed: true, reason: null, message: null });

  const empty = await readyBatch(h, { userId: "teacher-admit-3", essays: 2, failures: 2 });
  expect((await summaryOf(h, empty.batchId)).status).toBe("FAILED_CRITICALLY");
  expect(await admissionOf(empty.batchId)).toMatchObject({ allowed: false, reason: "no_essays" });
});
