import { afterAll, beforeAll, expect, test } from "bun:test";
import { BatchPipelineCompletedTopic } from "@shared/contracts/events/batch.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { outcome, phaseCommand, registration, statusChanged } from "./support/events.ts";
import { startHarness, type Harness } from "./support/harness.ts";

// BOS's "pipeline completed" and CJ's ranking travel on different streams, so RAS can hear the first
// before the second. A client that polls status and then reads results must never see "completed"
// while the ranking is still missing.
const userId = `teacher-${crypto.randomUUID()}`;
const base = Date.now() - 60_000;
const at = (i: number) => ({ at: new Date(base + i * 1000).toISOString() });
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

interface StatusView { status: string; results: { complete: boolean; pending_phases: string[] } }
interface ResultsView { status: string; results: { complete: boolean; pending_phases: string[] }; essays: { cj_assessment: unknown }[] }

test("a pipeline BOS reports completed stays PROCESSING_PIPELINES in the views, typed as results pending, until CJ's ranking is stored", async () => {
  const batchId = crypto.randomUUID();
  const essays = [crypto.randomUUID(), crypto.randomUUID()];
  const refs = essays.map((id) => ({ essay_id: id, text_storage_id: `corr-${id}` }));
  for (const [i, s] of [
    registration(batchId, userId, essays), statusChanged(batchId, userId, "PROCESSING_PIPELINES"),
    phaseCommand(batchId, userId, "cj_assessment", refs), outcome(batchId, "cj_assessment", "COMPLETED_SUCCESSFULLY", refs, []),
  ].entries()) await h.publish(s.topic, s.data as never, at(i));
  await h.publish(BatchPipelineCompletedTopic, {
    batch_id: batchId, user_id: userId, pipeline: "cj_assessment", final_status: "COMPLETED_SUCCESSFULLY", completed_phases: ["cj_assessment"], failed_essay_ids: [],
  }, at(5));
  await h.settled();

  const early = await h.json<StatusView>(`/internal/v1/batches/${batchId}/status`);
  expect(early.status).toBe("PROCESSING_PIPELINES");
  expect(early.results).toEqual({ complete: false, pending_phases: ["cj_assessment"] });
  const earlyResults = await h.json<ResultsView>(`/internal/v1/batches/${batchId}/results`);
  expect(earlyResults.status).toBe("PROCESSING_PIPELINES");
  expect(earlyResults.results.complete).toBe(false);

  await h.publish(AssessmentResultPublishedTopic, {
    batch_id: batchId, user_id: userId, grade_scale: null, comparisons_made: 1, finish_reason: "pairs_exhausted", anchors: [],
    essays: essays.map((id, i) => ({ essay_id: id, rank: i + 1, score: 1 - 2 * i, standard_error: 1.2, grade: null, grade_probabilities: {}, is_anchor: false as const })),
  }, at(6));
  await h.settled();
  const done = await h.json<StatusView>(`/internal/v1/batches/${batchId}/status`);
  expect(done.status).toBe("COMPLETED_SUCCESSFULLY");
  expect(done.results).toEqual({ complete: true, pending_phases: [] });
  const results = await h.json<ResultsView>(`/internal/v1/batches/${batchId}/results`);
  expect(results.status).toBe("COMPLETED_SUCCESSFULLY");
  expect(results.essays.every((e) => e.cj_assessment !== null)).toBe(true);
});

test("BOS's completion heard before ELS's phase outcome: results pending for the phase the pipeline completed", async () => {
  const batchId = crypto.randomUUID();
  const essays = [crypto.randomUUID()];
  await h.publish(registration(batchId, userId, essays).topic, registration(batchId, userId, essays).data as never, at(0));
  await h.publish(BatchPipelineCompletedTopic, {
    batch_id: batchId, user_id: userId, pipeline: "spellcheck", final_status: "COMPLETED_SUCCESSFULLY", completed_phases: ["spellcheck"], failed_essay_ids: [],
  }, at(5));
  await h.settled();
  const view = await h.json<StatusView>(`/internal/v1/batches/${batchId}/status`);
  expect(view.status).toBe("PROCESSING_PIPELINES");
  expect(view.results).toEqual({ complete: false, pending_phases: ["spellcheck"] });
});
