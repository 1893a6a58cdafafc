import type { Tx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import { languageForCourse, PhaseStatus, type BatchStatus, type PhaseName } from "@shared/contracts/enums.ts";
import { BatchPipelineCompletedTopic, BatchStatusChangedTopic, PHASE_COMMAND_TOPICS } from "@shared/contracts/events/batch.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import type { NotificationDraft } from "@shared/runtime/teacher-notifier.ts";
import { essayCounts, findBatch, setBatchStatus, type BatchRecord } from "../db/batch-repository.ts";
import { failedEssayIds, finishRun, phasesOfRun, updatePhase, type RunRecord } from "../db/pipeline-repository.ts";
import { batchStatusFor, completedPhases, runStatusFor, type PipelineFinalStatus } from "../domain/phase-progress.ts";
import { SERVICE_NAME } from "../service-name.ts";

/** One transaction's tools: where to write, how to emit, and the notifications to send after commit. */
export interface Step {
  tx: Tx;
  emit: Emit;
  correlationId: string;
  notifications: NotificationDraft[];
}

export const newStep = (tx: Tx, emit: Emit, correlationId: string): Step => ({ tx, emit, correlationId, notifications: [] });

const meta = (batch: BatchRecord) => ({ user_id: batch.userId, batch_id: batch.batchId });

export function notify(step: Step, batch: BatchRecord, type: NotificationDraft["type"], data: Record<string, unknown>): void {
  step.notifications.push({ type, user_id: batch.userId, batch_id: batch.batchId, correlation_id: step.correlationId, data });
}

/** Move the batch to `status`; the event and the notification follow only a real change. */
export function changeBatchStatus(step: Step, batch: BatchRecord, status: BatchStatus, activeRunId: string | null, data: Record<string, unknown> = {}): void {
  setBatchStatus(step.tx, batch.batchId, status, activeRunId);
  if (status === batch.status) return;
  step.emit(BatchStatusChangedTopic, {
    data: { batch_id: batch.batchId, user_id: batch.userId, status, previous_status: batch.status },
    source: SERVICE_NAME, correlationId: step.correlationId, metadata: meta(batch),
  });
  notify(step, batch, "batch_status_changed", { status, previous_status: batch.status, ...data });
}

/** Start a phase: mark it in progress and send its command to ELS with the essays' current texts. */
export function dispatchPhase(step: Step, batch: BatchRecord, run: RunRecord, phase: PhaseName, essays: EssayTextRef[]): void {
  updatePhase(step.tx, run.runId, phase, { status: PhaseStatus.IN_PROGRESS, startedAt: new Date().toISOString() });
  step.emit(PHASE_COMMAND_TOPICS[phase], {
    data: {
      batch_id: batch.batchId, phase, pipeline: run.pipeline, user_id: batch.userId, org_id: batch.orgId,
      language: languageForCourse(batch.courseCode), course_code: batch.courseCode, essay_instructions: batch.essayInstructions,
      student_prompt_ref: batch.studentPromptRef, assignment_id: run.assignmentId ?? batch.assignmentId,
      cj_settings: batch.cjSettings, essays,
    },
    source: SERVICE_NAME, correlationId: step.correlationId, metadata: meta(batch),
  });
  notify(step, batch, "phase_started", { pipeline: run.pipeline, phase, essay_count: essays.length });
}

/**
 * End the run: skip what did not run, settle run and batch status, and announce the completion
 * once per run (the dedupe key refuses a second completion event).
 */
export function finishPipeline(step: Step, run: RunRecord, final: PipelineFinalStatus, skipped: readonly PhaseName[] = []): void {
  const completedAt = new Date().toISOString();
  for (const phase of skipped) updatePhase(step.tx, run.runId, phase, { status: PhaseStatus.SKIPPED });
  finishRun(step.tx, run.runId, runStatusFor(final), completedAt);
  const batch = findBatch(step.tx, run.batchId);
  if (!batch) throw new Error(`batch ${run.batchId} vanished while finishing run ${run.runId}`);
  const phases = completedPhases(phasesOfRun(step.tx, run.runId));
  const failed = failedEssayIds(step.tx, run.runId);
  changeBatchStatus(step, batch, batchStatusFor(final), null);
  const emitted = step.emit(BatchPipelineCompletedTopic, {
    data: {
      batch_id: batch.batchId, user_id: batch.userId, pipeline: run.pipeline, final_status: final, completed_phases: phases, failed_essay_ids: failed,
      course_code: batch.courseCode, essay_instructions: batch.essayInstructions, essay_count: essayCounts(step.tx, batch).provisioned,
    },
    source: SERVICE_NAME, correlationId: step.correlationId, metadata: meta(batch),
  }, { dedupeKey: `pipeline-completed:${run.runId}` });
  if (emitted) notify(step, batch, "pipeline_completed", { pipeline: run.pipeline, final_status: final, completed_phases: phases, failed_essay_ids: failed });
}
