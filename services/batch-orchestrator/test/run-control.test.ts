import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchPipelineCompletedTopic } from "@shared/contracts/events/batch.ts";
import { ELSBatchPhaseOutcomeTopic as ELS_OUTCOME } from "@shared/contracts/events/els.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { BatchRenamedTopic, PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { headers, promptRef, startHarness, type Harness } from "./support/harness.ts";
import { awaitCommand, phaseCommands, phaseOutcome, readyBatch, requestPipeline, summaryOf, waitForStatus } from "./support/flows.ts";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

const post = (path: string, body: unknown) => fetch(`${h.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
const patch = (path: string, body: unknown) => fetch(`${h.url}${path}`, { method: "PATCH", headers, body: JSON.stringify(body) });
type Run = { run_id: string; pipeline: string; status: string; retry_of_run_id: string | null; phases: { phase: string; status: string }[] };
const runsOf = async (batchId: string) =>
  ((await (await fetch(`${h.url}/internal/v1/batches/${batchId}/pipeline-state`, { headers })).json()) as { pipeline_state: { runs: Run[] } }).pipeline_state.runs;

describe("cancel a running pipeline", () => {
  test("the run ends CANCELLED, the batch is ready again, a late outcome changes nothing, and the pipeline runs again", async () => {
    const batch = await readyBatch(h, { userId: "teacher-cancel", prompt: promptRef() });
    const inbox = await h.listen("teacher-cancel");
    await requestPipeline(h, batch, "cj_assessment");
    await awaitCommand(h, "spellcheck", batch.batchId);
    const texts = batch.essayIds.map((essay_id, i) => ({ essay_id, text_storage_id: `c-${i}` }));
    await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_SUCCESSFULLY", texts);
    await awaitCommand(h, "cj_assessment", batch.batchId);

    const res = await post(`/internal/v1/batches/${batch.batchId}/cancel`, { user_id: "teacher-cancel" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      batch_id: batch.batchId, pipeline: "cj_assessment", status: "CANCELLED", batch_status: "READY_FOR_PIPELINE_EXECUTION",
      cancelled_phases: ["cj_assessment"], skipped_phases: [], completed_phases: ["spellcheck"],
    });
    expect((await summaryOf(h, batch.batchId))).toMatchObject({ status: "READY_FOR_PIPELINE_EXECUTION", current_pipeline: null, pipeline_admission: { allowed: true } });
    const [run] = await runsOf(batch.batchId);
    expect(run).toMatchObject({ status: "CANCELLED", phases: [{ phase: "spellcheck", status: "COMPLETED_SUCCESSFULLY" }, { phase: "cj_assessment", status: "CANCELLED" }] });

    await h.settled();
    const cancelled = await h.events<Record<string, unknown>>(PipelineCancelledTopic, batch.batchId);
    expect(cancelled.map((e) => e.data)).toMatchObject([{ run_id: run?.run_id, pipeline: "cj_assessment", cancelled_phases: ["cj_assessment"], org_id: "org-1" }]);
    expect(inbox.received.filter((n) => n.data.run_id === run?.run_id).map((n) => `${n.type}:${String(n.data.status)}`))
      .toEqual(["batch_status_changed:READY_FOR_PIPELINE_EXECUTION", "phase_completed:CANCELLED"]);
    expect(inbox.received.find((n) => n.type === "batch_status_changed" && n.data.reason === "pipeline_cancelled")).toBeDefined();

    // The cancelled CJ phase answers late: no run is active, nothing advances or completes.
    await phaseOutcome(h, batch.batchId, "cj_assessment", "COMPLETED_SUCCESSFULLY", texts);
    await h.settled();
    expect(await h.events(BatchPipelineCompletedTopic, batch.batchId)).toHaveLength(0);
    expect((await summaryOf(h, batch.batchId)).status).toBe("READY_FOR_PIPELINE_EXECUTION");

    // Nothing runs now: a second cancel is a 409 with a machine-readable reason.
    const again = await post(`/internal/v1/batches/${batch.batchId}/cancel`, { user_id: "teacher-cancel" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error_code: "CONFLICT", details: { reason: "no_pipeline_running" } });

    // Requested again, it runs to completion (BCS prunes the spellcheck the cancelled run completed).
    h.bcs.completed.set(batch.batchId, ["spellcheck"]);
    // An outcome ELS emitted for the cancelled run just before the cancellation, delivered only after the rerun's CJ phase started.
    const stale = makeEnvelope(ELS_OUTCOME, { data: { batch_id: batch.batchId, phase: "cj_assessment", status: "COMPLETED_SUCCESSFULLY", processed_essays: texts, failed_essay_ids: [] }, source: "test", correlationId: "c" });
    stale.event_timestamp = new Date(Date.parse(String(body.cancelled_at)) - 5).toISOString();
    await requestPipeline(h, batch, "cj_assessment");
    await awaitCommand(h, "cj_assessment", batch.batchId, 2);
    await h.publishAgain(ELS_OUTCOME, stale);
    await h.settled();
    expect((await summaryOf(h, batch.batchId)).status).toBe("PROCESSING_PIPELINES");
    await phaseOutcome(h, batch.batchId, "cj_assessment", "COMPLETED_SUCCESSFULLY", texts);
    await waitForStatus(h, batch.batchId, "COMPLETED_SUCCESSFULLY");
    expect((await runsOf(batch.batchId)).map((r) => r.status)).toEqual(["CANCELLED", "COMPLETED_SUCCESSFULLY"]);
  });

  test("someone else's batch and a missing batch get the same 404", async () => {
    const batch = await readyBatch(h, { userId: "teacher-owner", prompt: promptRef() });
    await requestPipeline(h, batch, "nlp");
    await awaitCommand(h, "spellcheck", batch.batchId);
    const other = await post(`/internal/v1/batches/${batch.batchId}/cancel`, { user_id: "teacher-intruder" });
    const missing = await post(`/internal/v1/batches/no-such-batch/cancel`, { user_id: "teacher-intruder" });
    expect([other.status, missing.status]).toEqual([404, 404]);
    expect(((await other.json()) as { error_code: string }).error_code).toBe("RESOURCE_NOT_FOUND");
    expect((await summaryOf(h, batch.batchId)).status).toBe("PROCESSING_PIPELINES");
    const cancel = await post(`/internal/v1/batches/${batch.batchId}/cancel`, { user_id: "teacher-owner" });
    expect(((await cancel.json()) as { skipped_phases: string[] }).skipped_phases).toEqual(["nlp"]);
  });
});

describe("retry a failed phase", () => {
  test("re-runs only the essays that failed it in the latest run, as a one-phase run", async () => {
    const batch = await readyBatch(h, { userId: "teacher-retry", prompt: promptRef() });
    const [e0, e1, e2] = batch.essayIds as [string, string, string];
    const retry = (phase: string, user = "teacher-retry") => post(`/internal/v1/batches/${batch.batchId}/retry-phase`, { user_id: user, phase });

    expect(((await (await retry("spellcheck")).json()) as { details: { reason: string } }).details.reason).toBe("no_runs");
    await requestPipeline(h, batch, "nlp");
    await awaitCommand(h, "spellcheck", batch.batchId);
    const busy = await retry("spellcheck");
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { details: { reason: string } }).details.reason).toBe("pipeline_in_progress");
    await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_WITH_FAILURES", [{ essay_id: e0, text_storage_id: "c-0" }, { essay_id: e2, text_storage_id: "c-2" }], [e1]);
    const nlp = await awaitCommand(h, "nlp", batch.batchId);
    await phaseOutcome(h, batch.batchId, "nlp", "COMPLETED_SUCCESSFULLY", nlp.data.essays);
    await waitForStatus(h, batch.batchId, "COMPLETED_WITH_FAILURES");

    expect(((await (await retry("nlp")).json()) as { details: { reason: string } }).details.reason).toBe("no_failed_essays");
    expect(((await (await retry("cj_assessment")).json()) as { details: { reason: string } }).details.reason).toBe("phase_not_retryable");
    expect((await retry("spellcheck", "teacher-intruder")).status).toBe(404);
    expect((await post(`/internal/v1/batches/${batch.batchId}/retry-phase`, { user_id: "teacher-retry", phase: "grammar" })).status).toBe(400);

    const started = await retry("spellcheck");
    expect(started.status).toBe(202);
    const body = (await started.json()) as { run_id: string; retry_of_run_id: string; essay_ids: string[] };
    expect(body.essay_ids).toEqual([e1]);
    const command = await awaitCommand(h, "spellcheck", batch.batchId, 2);
    expect(command.data).toMatchObject({ phase: "spellcheck", pipeline: "spellcheck", essays: [{ essay_id: e1, text_storage_id: "text-1" }] });
    expect((await summaryOf(h, batch.batchId))).toMatchObject({ status: "PROCESSING_PIPELINES", current_pipeline: "spellcheck", current_phase: "spellcheck" });

    await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_SUCCESSFULLY", [{ essay_id: e1, text_storage_id: "c-1" }]);
    await waitForStatus(h, batch.batchId, "COMPLETED_SUCCESSFULLY");
    const runs = await runsOf(batch.batchId);
    expect(runs.map((r): unknown[] => [r.pipeline, r.status, r.retry_of_run_id])).toEqual([
      ["nlp", "COMPLETED_WITH_FAILURES", null], ["spellcheck", "COMPLETED_SUCCESSFULLY", runs[0]?.run_id ?? "missing"],
    ]);
    // The latest run has no failures now.
    expect(((await (await retry("spellcheck")).json()) as { details: { reason: string } }).details.reason).toBe("no_failed_essays");
    expect(await phaseCommands(h, "spellcheck", batch.batchId)).toHaveLength(2);
  });
});

describe("rename a batch", () => {
  test("a name given at registration or by PATCH shows in the summary and reaches RAS as BatchRenamed", async () => {
    const res = await h.register({ expected_essay_count: 1, course_code: "ENG5", essay_instructions: "x", user_id: "teacher-name", name: "  Class 9A essays  " });
    const { batch_id } = (await res.json()) as { batch_id: string };
    expect((await summaryOf(h, batch_id)).name).toBe("Class 9A essays");

    const renamed = await patch(`/internal/v1/batches/${batch_id}`, { user_id: "teacher-name", name: "  Autumn term  " });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { name: string }).name).toBe("Autumn term");
    expect((await summaryOf(h, batch_id)).name).toBe("Autumn term");
    await h.settled();
    expect((await h.events(BatchRenamedTopic, batch_id)).map((e) => e.data)).toEqual([{ batch_id, user_id: "teacher-name", name: "Autumn term" }]);

    for (const bad of ["   ", "x".repeat(201), 5]) {
      const refused = await patch(`/internal/v1/batches/${batch_id}`, { user_id: "teacher-name", name: bad });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error_code: string }).error_code).toBe("VALIDATION_ERROR");
    }
    expect((await patch(`/internal/v1/batches/${batch_id}`, { user_id: "teacher-other", name: "Mine" })).status).toBe(404);
    expect((await summaryOf(h, batch_id)).name).toBe("Autumn term");
    const cleared = await patch(`/internal/v1/batches/${batch_id}`, { user_id: "teacher-name", name: null });
    expect(((await cleared.json()) as { name: string | null }).name).toBeNull();
  });
});
