import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PhaseName } from "@shared/contracts/enums.ts";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { CJAssessmentRequestedTopic, ELSBatchPhaseOutcomeTopic, EssayNlpRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssayNlpCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, nlpResult, phaseCommand, provisionedBatch } from "./support/fixtures.ts";

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

const statuses = (batchId: string) => h.query<{ status: string }>("SELECT status FROM essays WHERE batch_id = ? ORDER BY slot_index", batchId).map((r) => r.status);
const runs = (batchId: string) => h.query<{ phase: string; status: string }>("SELECT phase, status FROM phase_runs WHERE batch_id = ? ORDER BY started_at", batchId);
const cancellation = (batchId: string, phase: PhaseName) => ({
  batch_id: batchId, user_id: "teacher-1", org_id: null, run_id: crypto.randomUUID(), pipeline: phase,
  cancelled_phases: [phase], skipped_phases: [], completed_phases: [], cancelled_at: new Date().toISOString(),
});

describe("a cancelled pipeline", () => {
  test("the running phase run closes CANCELLED without an outcome; its essays can start again; late results count nothing", async () => {
    const { batchId, essays } = await provisionedBatch(h, 3);
    await h.publish(commandTopic(PhaseName.CJ_ASSESSMENT), phaseCommand(batchId, PhaseName.CJ_ASSESSMENT, essays));
    await waitFor("cj request", async () => (await h.events(CJAssessmentRequestedTopic, batchId)).length === 1);
    expect(statuses(batchId)).toEqual(["CJ_ASSESSMENT_IN_PROGRESS", "CJ_ASSESSMENT_IN_PROGRESS", "CJ_ASSESSMENT_IN_PROGRESS"]);
    // CJ had finished just before the cancellation; its result arrives after it.
    const late = makeEnvelope(CJAssessmentCompletedTopic, {
      data: { batch_id: batchId, status: "success", essay_outcomes: essays.map((e) => ({ essay_id: e.essay_id, status: "success" as const })), rankings: [] },
      source: "cj-test", correlationId: "c",
    });

    const cancel = cancellation(batchId, PhaseName.CJ_ASSESSMENT);
    late.event_timestamp = new Date(Date.parse(cancel.cancelled_at) - 10).toISOString();
    const envelope = await h.publish(PipelineCancelledTopic, cancel);
    await waitFor("run cancelled", () => runs(batchId)[0]?.status === "CANCELLED");
    expect(statuses(batchId)).toEqual(["READY_FOR_PROCESSING", "READY_FOR_PROCESSING", "READY_FOR_PROCESSING"]);
    expect(h.query<{ status: string; failure_reason: string }>("SELECT pre.status, pre.failure_reason FROM phase_run_essays pre JOIN phase_runs r USING (run_id) WHERE r.batch_id = ?", batchId))
      .toEqual(essays.map(() => ({ status: "cancelled", failure_reason: "pipeline_cancelled" })));
    await h.republish(PipelineCancelledTopic, envelope); // redelivered: changes nothing
    await h.republish(CJAssessmentCompletedTopic, late);
    await settle();
    expect(await h.events(ELSBatchPhaseOutcomeTopic, batchId)).toEqual([]);

    // The pipeline is requested again: the CJ phase starts afresh over the same essays.
    await h.publish(commandTopic(PhaseName.CJ_ASSESSMENT), phaseCommand(batchId, PhaseName.CJ_ASSESSMENT, essays));
    await waitFor("second cj request", async () => (await h.events(CJAssessmentRequestedTopic, batchId)).length === 2);
    expect(runs(batchId).map((r) => r.status)).toEqual(["CANCELLED", "IN_PROGRESS"]);
    // The old result, redelivered once more, predates the cancellation: it does not complete the new run.
    await h.republish(CJAssessmentCompletedTopic, { ...late, event_id: crypto.randomUUID() });
    await settle();
    expect(await h.events(ELSBatchPhaseOutcomeTopic, batchId)).toEqual([]);
    await h.publish(CJAssessmentCompletedTopic, late.data);
    const [outcome] = await waitFor("cj outcome", async () => {
      const o = await h.events(ELSBatchPhaseOutcomeTopic, batchId);
      return o.length > 0 ? o : undefined;
    });
    expect(outcome?.status).toBe("COMPLETED_SUCCESSFULLY");
  });

  test("a phase command sent before the cancellation but delivered after it starts nothing", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    const command = makeEnvelope(commandTopic(PhaseName.NLP), { data: phaseCommand(batchId, PhaseName.NLP, essays), source: "bos-test", correlationId: "c" });
    await h.publish(PipelineCancelledTopic, { ...cancellation(batchId, PhaseName.NLP), cancelled_at: new Date(Date.now() + 5).toISOString() });
    await waitFor("cancellation recorded", () => h.query<{ at: string | null }>("SELECT pipeline_cancelled_at AS at FROM batches WHERE batch_id = ?", batchId)[0]?.at);
    await h.republish(commandTopic(PhaseName.NLP), command);
    await waitFor("stale command ignored", () => h.logger.lines.some((l) => l.batch_id === batchId && l.msg === "phase command of a cancelled pipeline; ignored"));
    expect(runs(batchId)).toEqual([]);
    expect(await h.events(EssayNlpRequestedTopic, batchId)).toEqual([]);
    // A fresh command runs normally, and its results count.
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays));
    await waitFor("nlp requests", async () => (await h.events(EssayNlpRequestedTopic, batchId)).length === 2);
    for (const essay of essays) await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, essay, true));
    await waitFor("nlp outcome", async () => (await h.events(ELSBatchPhaseOutcomeTopic, batchId)).length === 1);
    expect(statuses(batchId)).toEqual(["NLP_SUCCESS", "NLP_SUCCESS"]);
  });
});
