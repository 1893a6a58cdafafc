import { PoisonMessageError } from "@shared/bus/errors.ts";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { essayIdsOf, findBatch, provisionedEssays, updateEssayText } from "../db/batch-repository.ts";
import { failedEssayIds, findRun, phasesOfRun, recordEssayFailures, runsForBatch, updatePhase } from "../db/pipeline-repository.ts";
import { decidePhaseOutcome } from "../domain/phase-progress.ts";
import { predatesCancellation } from "../domain/run-control.ts";
import { RunStatus } from "../domain/run-status.ts";
import { dispatchPhase, finishPipeline, newStep, notify } from "./pipeline-steps.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

/**
 * ELS reports a phase finished for the whole batch: record new texts and failures, then start the
 * next phase over the essays still standing, or finish the pipeline. Outcomes for a phase that is
 * not running now (stale or re-emitted) change nothing.
 */
export function phaseOutcomeHandler(deps: Pick<HandlerDeps, "uow" | "notifier" | "metrics">): EventHandler {
  const durations = deps.metrics.histogram("phase_duration_seconds", "Phase wall time from command to outcome", ["phase", "status"], [1, 5, 15, 60, 300, 900, 3600]);
  return on(ELSBatchPhaseOutcomeTopic, async (envelope, ctx) => {
    const data = envelope.data;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      const batch = findBatch(tx, data.batch_id);
      if (!batch) throw new PoisonMessageError(`phase outcome for unknown batch ${data.batch_id}`);
      const run = batch.activeRunId ? findRun(tx, batch.activeRunId) : undefined;
      if (!run) {
        ctx.logger.info("phase outcome while no pipeline runs; ignored", { phase: data.phase, status: batch.status });
        return [];
      }
      const phases = phasesOfRun(tx, run.runId);
      const lastCancelledAt = runsForBatch(tx, batch.batchId).filter((r) => r.status === RunStatus.CANCELLED).at(-1)?.completedAt;
      if (predatesCancellation(envelope.event_timestamp, lastCancelledAt)) {
        ctx.logger.info("phase outcome from before the batch's pipeline was cancelled; ignored", { phase: data.phase, pipeline: run.pipeline });
        return [];
      }
      const slots = new Set(essayIdsOf(tx, batch.batchId));
      const failedNow = data.failed_essay_ids.filter((id) => slots.has(id));
      const failed = new Set([...failedEssayIds(tx, run.runId), ...failedNow]);
      const remaining = provisionedEssays(tx, batch.batchId).filter((e) => !failed.has(e.essay_id)).length;
      const decision = decidePhaseOutcome(phases, {
        phase: data.phase, status: data.status, failedEssayCount: failedNow.length, remainingEssays: remaining, runHasFailedEssays: failed.size > 0,
      });
      if (decision.kind === "ignore") {
        ctx.logger.info("stale or duplicate phase outcome; ignored", { phase: data.phase, reason: decision.reason, pipeline: run.pipeline });
        return [];
      }
      const now = new Date().toISOString();
      for (const essay of data.processed_essays) {
        if (failed.has(essay.essay_id)) continue;
        if (!updateEssayText(tx, batch.batchId, essay.essay_id, essay.text_storage_id)) {
          ctx.logger.warn("processed essay is not a provisioned essay of this batch; ignored", { essay_id: essay.essay_id, phase: data.phase });
        }
      }
      recordEssayFailures(tx, run.runId, data.phase, failedNow, now);
      updatePhase(tx, run.runId, data.phase, {
        status: decision.phaseStatus, completedAt: now, processedCount: data.processed_essays.length, failedCount: failedNow.length,
      });
      const startedAt = phases.find((p) => p.phase === data.phase)?.startedAt;
      if (startedAt) durations.observe({ phase: data.phase, status: decision.phaseStatus }, (Date.parse(now) - Date.parse(startedAt)) / 1000);
      const step = newStep(tx, emit, envelope.correlation_id);
      notify(step, batch, "phase_completed", {
        pipeline: run.pipeline, phase: data.phase, status: decision.phaseStatus,
        processed_count: data.processed_essays.length, failed_count: failedNow.length, failed_essay_ids: failedNow,
      });
      if (decision.kind === "next_phase") {
        const essays = provisionedEssays(tx, batch.batchId).filter((e) => !failed.has(e.essay_id));
        dispatchPhase(step, batch, run, decision.next, essays);
        ctx.logger.info("phase completed; next phase started", { phase: data.phase, next_phase: decision.next, essay_count: essays.length });
      } else {
        finishPipeline(step, run, decision.finalStatus, decision.skipped);
        ctx.logger.info("pipeline finished", { pipeline: run.pipeline, final_status: decision.finalStatus, failed_essay_ids: [...failed] });
      }
      return step.notifications;
    });
    if (outcome.applied) await deps.notifier.publish(outcome.result);
  });
}
