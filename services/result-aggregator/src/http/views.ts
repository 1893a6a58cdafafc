import type { DbOrTx } from "@shared/db/database.ts";
import type { BatchViewRow } from "../db/batch-repository.ts";
import { countEssayViews, listEssayFailures, listEssayViews, type EssayFailureRow, type EssayViewRow } from "../db/essay-repository.ts";
import { listPhaseViews, type PhaseViewRow } from "../db/phase-repository.ts";
import { durationMs } from "../domain/event-order.ts";
import { pendingResultPhases, shownBatchStatus, type ResultsReadiness } from "../domain/results-readiness.ts";
import type { BatchResultsView, BatchStatusView, EssayResultView } from "./schemas.ts";
import { runControlView } from "../db/run-control-repository.ts";

function phaseView(p: PhaseViewRow): BatchStatusView["phases"][number] {
  return {
    phase: p.phase, status: p.status, pipeline: p.pipeline, started_at: p.startedAt, completed_at: p.completedAt,
    duration_ms: durationMs(p.startedAt, p.completedAt), essay_count: p.essayCount, processed_count: p.processedCount,
    failed_count: p.failedCount, failed_essay_ids: p.failedEssayIds ?? [],
  };
}

function denialView(b: BatchViewRow): BatchStatusView["denial"] {
  if (!b.deniedAt || !b.denialErrorCode) return null;
  return {
    requested_pipeline: b.denialRequestedPipeline ?? "", error_code: b.denialErrorCode,
    compatibility_issue: b.denialCompatibilityIssue, message: b.denialMessage ?? "", denied_at: b.deniedAt,
  };
}

function lastPipelineView(b: BatchViewRow): BatchStatusView["last_pipeline"] {
  if (!b.lastPipeline || !b.lastPipelineFinalStatus || !b.lastPipelineCompletedAt) return null;
  return {
    pipeline: b.lastPipeline, final_status: b.lastPipelineFinalStatus, completed_phases: b.lastPipelineCompletedPhases ?? [],
    failed_essay_ids: b.lastPipelineFailedEssayIds ?? [], completed_at: b.lastPipelineCompletedAt,
  };
}

/** What the view may say: a finished status only once the finished pipeline's results are all stored. */
function readiness(b: BatchViewRow, phases: PhaseViewRow[]): { status: BatchViewRow["status"]; results: ResultsReadiness } {
  const last = b.lastPipeline ? { pipeline: b.lastPipeline, completedPhases: b.lastPipelineCompletedPhases ?? [] } : null;
  const pending = pendingResultPhases(last, phases);
  return { status: shownBatchStatus(b.status, pending), results: { complete: pending.length === 0, pending_phases: pending } };
}

/** The batch's status view: where it stands, its phases, counts, the latest refusal; its name and latest cancellation. */
export function batchStatusView(db: DbOrTx, b: BatchViewRow): BatchStatusView & ReturnType<typeof runControlView> {
  const failures = listEssayFailures(db, b.batchId);
  const phases = listPhaseViews(db, b.batchId);
  return {
    batch_id: b.batchId, user_id: b.userId, org_id: b.orgId, ...readiness(b, phases), status_updated_at: b.statusAt,
    course_code: b.courseCode, language: b.language, essay_instructions: b.essayInstructions, class_id: b.classId,
    assignment_id: b.assignmentId, current_pipeline: b.currentPipeline, last_pipeline: lastPipelineView(b),
    phases: phases.map(phaseView),
    counts: {
      expected_essays: b.expectedEssayCount, essays: countEssayViews(db, b.batchId), provisioned: b.provisionedCount,
      provisioning_failures: b.provisioningFailures?.length ?? 0, essays_with_failures: new Set(failures.map((f) => f.essayId)).size,
    },
    denial: denialView(b), provisioning_failures: b.provisioningFailures ?? [],
    registered_at: b.registeredAt, seeded_from_bos_at: b.seededFromBosAt, created_at: b.createdAt, updated_at: b.updatedAt,
    ...runControlView(b),
  };
}

function essayResult(e: EssayViewRow, failures: EssayFailureRow[]): EssayResultView {
  return {
    essay_id: e.essayId, file_name: e.originalFileName, file_upload_id: e.fileUploadId, student_name: e.studentName,
    student_email: e.studentEmail, original_text_storage_id: e.originalTextStorageId, current_text_storage_id: e.currentTextStorageId,
    spellcheck: e.spellcheckStatus && e.spellcheckAt ? {
      status: e.spellcheckStatus, correction_count: e.correctionCount ?? 0, corrections: e.corrections ?? [],
      corrected_text_storage_id: e.correctedTextStorageId, word_count: e.spellcheckWordCount, completed_at: e.spellcheckAt,
    } : null,
    nlp: e.nlpStatus && e.nlpAt ? { status: e.nlpStatus, metrics: e.nlpMetrics, metrics_storage_id: e.nlpMetricsStorageId, completed_at: e.nlpAt } : null,
    cj_assessment: e.cjAt && e.cjRank !== null && e.cjScore !== null && e.cjStandardError !== null ? {
      rank: e.cjRank, score: e.cjScore, standard_error: e.cjStandardError, grade: e.cjGrade,
      grade_probabilities: e.cjGradeProbabilities ?? {}, ...(e.cjGradeUncertain === null ? {} : { grade_uncertain: e.cjGradeUncertain }),
      completed_at: e.cjAt,
    } : null,
    ai_feedback: e.aiFeedbackStatus && e.aiFeedbackAt ? {
      status: e.aiFeedbackStatus, feedback_storage_id: e.aiFeedbackStorageId, feedback_preview: e.aiFeedbackPreview,
      provider: e.aiFeedbackProvider, feedback: e.aiFeedbackStructured ?? null, completed_at: e.aiFeedbackAt,
    } : null,
    failures: failures.filter((f) => f.essayId === e.essayId)
      .map((f) => ({ phase: f.phase, error_code: f.errorCode, message: f.message, failed_at: f.failedAt })),
  };
}

/** Every essay of the batch with the latest result of each phase. */
export function batchResultsView(db: DbOrTx, b: BatchViewRow): BatchResultsView {
  const failures = listEssayFailures(db, b.batchId);
  return {
    batch_id: b.batchId, user_id: b.userId, ...readiness(b, listPhaseViews(db, b.batchId)), current_pipeline: b.currentPipeline,
    cj_assessment: b.cjPublishedAt && b.cjComparisonsMade !== null && b.cjFinishReason ? {
      grade_scale: b.cjGradeScale, comparisons_made: b.cjComparisonsMade, finish_reason: b.cjFinishReason,
      anchors: b.cjAnchors ?? [], ...(b.cjGradeProjection ? { grade_projection: b.cjGradeProjection } : {}), statistics: b.cjStatistics ?? null, published_at: b.cjPublishedAt,
    } : null,
    essays: listEssayViews(db, b.batchId).map((e) => essayResult(e, failures)),
    updated_at: b.updatedAt,
  };
}

/** One line of a user's batch list. */
export function userBatchSummary(db: DbOrTx, b: BatchViewRow) {
  return {
    batch_id: b.batchId, user_id: b.userId, status: readiness(b, listPhaseViews(db, b.batchId)).status, course_code: b.courseCode, current_pipeline: b.currentPipeline,
    last_pipeline: lastPipelineView(b), denial: denialView(b), expected_essays: b.expectedEssayCount,
    essay_count: countEssayViews(db, b.batchId), created_at: b.createdAt, updated_at: b.updatedAt, name: b.name,
  };
}
