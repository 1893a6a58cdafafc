import { BatchStatus, PhaseStatus, type PhaseName } from "@shared/contracts/enums.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { BatchRenamedTopic, PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import type { Db, DbOrTx } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { TeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import type { EntitlementsClient } from "../clients/entitlements-client.ts";
import { findBatch, provisionedEssays, setBatchName, type BatchRecord } from "../db/batch-repository.ts";
import { failedEssaysOfRuns, finishRun, findRun, insertRun, phasesOfRun, runsForBatch, updatePhase } from "../db/pipeline-repository.ts";
import { estimateCreditNeeds, insufficientCredits, type CreditAnswer } from "../domain/credit-estimate.ts";
import { decideRetry, planCancellation } from "../domain/run-control.ts";
import { RunStatus } from "../domain/run-status.ts";
import { batchSummary } from "../http/batch-views.ts";
import { SERVICE_NAME } from "../service-name.ts";
import { changeBatchStatus, dispatchPhase, newStep, notify } from "./pipeline-steps.ts";

export interface RunControlDeps {
  uow: UnitOfWork;
  db: Db;
  notifier: TeacherNotifier;
  entitlements: EntitlementsClient | null;
  cjComparisonsPerItem: number;
  logger: Logger;
}

interface Ask {
  batchId: string;
  userId: string;
  correlationId: string;
}

/** The caller's batch, or the same 404 a missing batch gets (never tell which). */
function ownedBatch(db: DbOrTx, batchId: string, userId: string): BatchRecord {
  const batch = findBatch(db, batchId);
  if (!batch || batch.userId !== userId) throw new HuleEduError("RESOURCE_NOT_FOUND", `Batch ${batchId} not found`, { batch_id: batchId });
  return batch;
}

const conflict = (batchId: string, reason: string, message: string) => new HuleEduError("CONFLICT", message, { batch_id: batchId, reason });

/**
 * Cancel the running pipeline in one transaction: in-progress phases and the run end CANCELLED,
 * phases not started end SKIPPED, the batch is ready for a pipeline again, and PipelineCancelled
 * tells ELS, CJ, ai-feedback, LPS and RAS to drop what they still have in flight. A phase outcome
 * that arrives later finds no active run and is ignored.
 */
export async function cancelPipeline(deps: RunControlDeps, ask: Ask) {
  const { batchId, userId, correlationId } = ask;
  const { result, notifications } = deps.uow.run((tx, emit) => {
    const batch = ownedBatch(tx, batchId, userId);
    const run = batch.activeRunId ? findRun(tx, batch.activeRunId) : undefined;
    if (!run) throw conflict(batchId, "no_pipeline_running", `No pipeline is running on batch ${batchId}`);
    const plan = planCancellation(phasesOfRun(tx, run.runId));
    const cancelledAt = new Date().toISOString();
    for (const phase of plan.cancelled) updatePhase(tx, run.runId, phase, { status: RunStatus.CANCELLED, completedAt: cancelledAt });
    for (const phase of plan.skipped) updatePhase(tx, run.runId, phase, { status: PhaseStatus.SKIPPED });
    finishRun(tx, run.runId, RunStatus.CANCELLED, cancelledAt);
    const step = newStep(tx, emit, correlationId);
    const cancellation = { run_id: run.runId, pipeline: run.pipeline, cancelled_phases: plan.cancelled, skipped_phases: plan.skipped, completed_phases: plan.completed, cancelled_at: cancelledAt };
    changeBatchStatus(step, batch, BatchStatus.READY_FOR_PIPELINE_EXECUTION, null, { reason: "pipeline_cancelled", ...cancellation });
    emit(PipelineCancelledTopic, {
      data: { batch_id: batchId, user_id: userId, org_id: batch.orgId, ...cancellation },
      source: SERVICE_NAME, correlationId, metadata: { user_id: userId, batch_id: batchId },
    }, { dedupeKey: `pipeline-cancelled:${run.runId}` });
    for (const phase of plan.cancelled) notify(step, batch, "phase_completed", { pipeline: run.pipeline, phase, status: RunStatus.CANCELLED, run_id: run.runId });
    return { result: { batch_id: batchId, status: RunStatus.CANCELLED, batch_status: BatchStatus.READY_FOR_PIPELINE_EXECUTION, ...cancellation }, notifications: step.notifications };
  });
  await deps.notifier.publish(notifications);
  deps.logger.info("pipeline cancelled", { ...result, user_id: userId, correlation_id: correlationId });
  return result;
}

/** Ask entitlements for the retry's LLM work; throws the refusal (402) or an outage (503). */
async function checkRetryCredits(deps: RunControlDeps, batch: BatchRecord, phase: PhaseName, essays: number, correlationId: string): Promise<void> {
  if (!deps.entitlements) return;
  const needs = estimateCreditNeeds(phase, essays, { totalBudget: batch.cjSettings?.total_budget, comparisonsPerItem: deps.cjComparisonsPerItem });
  const answers: CreditAnswer[] = [];
  for (const need of needs) {
    const checked = await deps.entitlements.check({ user_id: batch.userId, org_id: batch.orgId, ...need }, correlationId);
    if (!checked.ok) throw checked.error;
    answers.push({ need, ...checked.answer });
  }
  const denial = insufficientCredits(phase, essays, answers);
  if (denial) throw new HuleEduError(denial.error_code, denial.message, { batch_id: batch.batchId, reason: denial.compatibility_issue });
}

/**
 * Re-run one phase for the essays that failed it in the batch's latest run, as a new one-phase run
 * (`retry_of_run_id` names the latest run). Only those essays are sent, so only their new work is
 * charged (ai-feedback charges per essay that succeeds).
 */
export async function retryPhase(deps: RunControlDeps, ask: Ask & { phase: PhaseName }) {
  const { batchId, userId, correlationId, phase } = ask;
  const plan = (db: DbOrTx) => {
    const batch = ownedBatch(db, batchId, userId);
    if (batch.activeRunId !== null) throw conflict(batchId, "pipeline_in_progress", `A pipeline is running on batch ${batchId}; wait for it or cancel it`);
    const latest = runsForBatch(db, batchId).at(-1);
    const decision = decideRetry(phase, latest?.runId, latest ? failedEssaysOfRuns(db, [latest.runId]) : []);
    if (decision.kind === "refuse") throw conflict(batchId, decision.reason, decision.message);
    return { batch, latest: latest!, essayIds: decision.essayIds };
  };
  const first = plan(deps.db);
  await checkRetryCredits(deps, first.batch, phase, first.essayIds.length, correlationId);
  const { result, notifications } = deps.uow.run((tx, emit) => {
    // Re-check inside the transaction: a pipeline may have started during the credit check.
    const { batch, latest, essayIds } = plan(tx);
    const runId = crypto.randomUUID();
    insertRun(tx, {
      runId, batchId, pipeline: phase, status: PhaseStatus.IN_PROGRESS, promptSource: latest.promptSource, assignmentId: latest.assignmentId,
      prunedPhases: [], correlationId, requestedAt: new Date().toISOString(), retryOfRunId: latest.runId,
    }, [{ phase, status: PhaseStatus.PENDING, dependsOn: [] }]);
    const run = findRun(tx, runId);
    if (!run) throw new Error(`retry run ${runId} was not stored`);
    const step = newStep(tx, emit, correlationId);
    changeBatchStatus(step, batch, BatchStatus.PROCESSING_PIPELINES, runId, { pipeline: phase, retry_of_run_id: latest.runId });
    const wanted = new Set(essayIds);
    const essays = provisionedEssays(tx, batchId).filter((e) => wanted.has(e.essay_id));
    dispatchPhase(step, batch, run, phase, essays);
    return { result: { batch_id: batchId, run_id: runId, phase, retry_of_run_id: latest.runId, essay_ids: essays.map((e) => e.essay_id) }, notifications: step.notifications };
  });
  await deps.notifier.publish(notifications);
  deps.logger.info("phase retry started", { ...result, user_id: userId, correlation_id: correlationId });
  return result;
}

/** Give the batch a display name (or clear it); RAS hears of it through BatchRenamed. */
export function renameBatch(deps: RunControlDeps, ask: Ask & { name: string | null }) {
  const { batchId, userId, correlationId, name } = ask;
  return deps.uow.run((tx, emit) => {
    ownedBatch(tx, batchId, userId);
    setBatchName(tx, batchId, name);
    emit(BatchRenamedTopic, { data: { batch_id: batchId, user_id: userId, name }, source: SERVICE_NAME, correlationId, metadata: { user_id: userId, batch_id: batchId } });
    const updated = findBatch(tx, batchId);
    if (!updated) throw new Error(`batch ${batchId} vanished while being renamed`);
    return batchSummary(tx, updated);
  });
}
