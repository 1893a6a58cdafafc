import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PhaseName } from "@shared/contracts/enums.ts";
import { ELSBatchPhaseOutcomeTopic, EssaySpellcheckRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, phaseCommand, provisionedBatch, spellcheckResult } from "./support/fixtures.ts";
import { spawnWorker, type WorkerProcess } from "./support/worker-process.ts";

// Two worker processes share the database and both sweep every 50 ms; several runs expire at the
// same moment, so both find them due and race to close them.
const BATCHES = 12;

let h: ElsHarness;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  h = await startHarness({ ELS_PHASE_TIMEOUT_SECONDS: "2", ELS_PHASE_SWEEP_SECONDS: "0.05" });
  workers.push(await spawnWorker(h.env), await spawnWorker(h.env));
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await h.stop();
});

const EXPIRED = "phase run passed its deadline";

describe("deadline with two workers sweeping", () => {
  test("each expired run is closed by one worker and has exactly one outcome", async () => {
    const batches = await Promise.all(Array.from({ length: BATCHES }, () => provisionedBatch(h, 2)));
    await Promise.all(batches.map(({ batchId, essays }) => h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays))));
    for (const { batchId, essays } of batches) {
      await waitFor("2 spellcheck requests", async () => (await h.events(EssaySpellcheckRequestedTopic, batchId)).length === 2);
      await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, essays[0] ?? { essay_id: "", text_storage_id: "" }, true));
    }
    for (const { batchId } of batches) {
      await waitFor("spellcheck outcome", async () => (await h.events(ELSBatchPhaseOutcomeTopic, batchId)).length > 0);
    }
    await settle(1000);

    for (const { batchId, essays } of batches) {
      const outcomes = await h.events(ELSBatchPhaseOutcomeTopic, batchId);
      expect(outcomes).toMatchObject([{
        batch_id: batchId, phase: "spellcheck", status: "COMPLETED_WITH_FAILURES",
        processed_essays: [{ essay_id: essays[0]?.essay_id ?? "", text_storage_id: `corrected-${essays[0]?.essay_id}` }],
        failed_essay_ids: [essays[1]?.essay_id ?? ""],
      }]);
      const closers = workers.filter((w) => w.lines.some((l) => l.batch_id === batchId && String(l.msg).startsWith(EXPIRED)));
      expect(closers.length).toBe(1);
      expect(workers.flatMap((w) => w.lines).filter((l) => l.batch_id === batchId && String(l.msg).startsWith(EXPIRED)).length).toBe(1);
      expect(h.query("SELECT status, failure_reason FROM phase_run_essays WHERE essay_id = ?", essays[1]?.essay_id ?? "")).toEqual([{ status: "failed", failure_reason: "TIMEOUT" }]);
    }
    // Across both processes, one close per run.
    const closedBy = workers.map((w) => w.lines.filter((l) => String(l.msg).startsWith(EXPIRED)).length);
    expect(closedBy.reduce((a, b) => a + b, 0)).toBe(BATCHES);
  }, 20_000);

  test("neither process logged an error", () => {
    expect(workers.flatMap((w) => w.lines).filter((l) => l.level === "error")).toEqual([]);
  });
});
