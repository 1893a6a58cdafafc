// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { BatchStatus, enumValues, Language, PhaseName, PhaseOutcomeStatus, PhaseStatus, PipelineName } from "../../../../shared/contracts/enums.ts";
import { ErrorCode } from "../../../../shared/contracts/errors.ts";
import type { CJBatchStatistics } from "../../../../shared/contracts/events/cj-results.ts";
import { ResultStatusSchema } from "../../../../shared/contracts/events/essay-ref.ts";
import type { AnchorView, CorrectionView, GradeProjectionView, NlpMetricsView, ProvisioningFailureView, ResultStatus } from "../domain/view-types.ts";
import type { StructuredFeedback } from "../../../../shared/contracts/feedback.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** One batch as the teacher sees it; `user_id` is the owner the gateway checks. */
export const batchViews = sqliteTable(
  "batch_views",
  {
    batchId: text("batch_id").primaryKey(),
    userId: text("user_id").notNull(),
    orgId: text("org_id"),
    courseCode: text("course_code"),
    language: text("language").$type<Language>(),
    essayInstructions: text("essay_instructions"),
    classId: text("class_id"),
    assignmentId: text("assignment_id"),
    expectedEssayCount: integer("expected_essay_count"),
    status: text("status").$type<BatchStatus>().notNull(),
    /** Timestamp of the event that set `status`; an older event never overwrites a newer one. */
    statusAt: text("status_at").notNull(),
    /** Set by the registration event; null while the view only knows what BOS's pipeline state told it. */
    registeredAt: text("registered_at"),
    seededFromBosAt: text("seeded_from_bos_at"),
    currentPipeline: text("current_pipeline").$type<PipelineName>(),
    /** Timestamp of the event that set or cleared `current_pipeline`. */
    currentPipelineAt: text("current_pipeline_at"),
    lastPipeline: text("last_pipeline").$type<PipelineName>(),
    lastPipelineFinalStatus: text("last_pipeline_final_status").$type<PhaseOutcomeStatus>(),
    lastPipelineCompletedPhases: text("last_pipeline_completed_phases", { mode: "json" }).$type<PhaseName[]>(),
    lastPipelineFailedEssayIds: text("last_pipeline_failed_essay_ids", { mode: "json" }).$type<string[]>(),
    lastPipelineCompletedAt: text("last_pipeline_completed_at"),
    denialRequestedPipeline: text("denial_requested_pipeline"),
    denialErrorCode: text("denial_error_code").$type<ErrorCode>(),
    denialCompatibilityIssue: text("denial_compatibility_issue"),
    denialMessage: text("denial_message"),
    deniedAt: text("denied_at"),
    provisionedCount: integer("provisioned_count"),
    provisioningFailures: text("provisioning_failures", { mode: "json" }).$type<ProvisioningFailureView[]>(),
    provisioningCompletedAt: text("provisioning_completed_at"),
    cjGradeScale: text("cj_grade_scale"),
    cjComparisonsMade: integer("cj_comparisons_made"),
    cjFinishReason: text("cj_finish_reason"),
    cjAnchors: text("cj_anchors", { mode: "json" }).$type<AnchorView[]>(),
    /** Null when CJ published no projection summary (older producers). */
    cjGradeProjection: text("cj_grade_projection", { mode: "json" }).$type<GradeProjectionView>(),
    /** CJ's comparisons spent and scale reliability; null from producers that predate it. */
    cjStatistics: text("cj_statistics", { mode: "json" }).$type<CJBatchStatistics>(),
    cjPublishedAt: text("cj_published_at"),
    /** The owner's display name (BatchRenamed) and the time of the event that set it. */
    name: text("name"),
    nameAt: text("name_at"),
    /** The owner's latest cancellation of a running pipeline (PipelineCancelled). */
    cancelledPipeline: text("cancelled_pipeline").$type<PipelineName>(),
    cancelledRunId: text("cancelled_run_id"),
    cancelledPhases: text("cancelled_phases", { mode: "json" }).$type<PhaseName[]>(),
    cancelledAt: text("cancelled_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    enumCheck("batch_views_status_check", t.status, enumValues(BatchStatus)),
    enumCheck("batch_views_language_check", t.language, enumValues(Language)),
    enumCheck("batch_views_current_pipeline_check", t.currentPipeline, enumValues(PipelineName)),
    enumCheck("batch_views_last_pipeline_check", t.lastPipeline, enumValues(PipelineName)),
    enumCheck("batch_views_last_final_status_check", t.lastPipelineFinalStatus, enumValues(PhaseOutcomeStatus)),
    enumCheck("batch_views_denial_error_code_check", t.denialErrorCode, enumValues(ErrorCode)),
    index("batch_views_user_created_idx").on(t.userId, t.createdAt),
  ],
);

/** The latest run of each phase of a batch, with its timing and counts. */
export const phaseViews = sqliteTable(
  "phase_views",
  {
    batchId: text("batch_id").notNull().references(() => batchViews.batchId),
    phase: text("phase").$type<PhaseName>().notNull(),
    pipeline: text("pipeline").$type<PipelineName>(),
    status: text("status").$type<PhaseStatus>().notNull(),
    statusAt: text("status_at").notNull(),
    startedAt: text("started_at"),
    completedAt: text("completed_at"),
    essayCount: integer("essay_count"),
    processedCount: integer("processed_count"),
    failedCount: integer("failed_count"),
    failedEssayIds: text("failed_essay_ids", { mode: "json" }).$type<string[]>(),
    /** Set by the phase outcome RAS stored; null for a run still going or one only seeded from BOS. */
    processedEssayIds: text("processed_essay_ids", { mode: "json" }).$type<string[]>(),
    /** When `results_ready` went out for this run: once the outcome and every essay's result are stored. */
    resultsReadyAt: text("results_ready_at"),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.phase] }),
    enumCheck("phase_views_phase_check", t.phase, enumValues(PhaseName)),
    enumCheck("phase_views_pipeline_check", t.pipeline, enumValues(PipelineName)),
    enumCheck("phase_views_status_check", t.status, enumValues(PhaseStatus)),
  ],
);

/** One essay of a batch: where it came from and the latest result of every phase. */
export const essayViews = sqliteTable(
  "essay_views",
  {
    batchId: text("batch_id").notNull().references(() => batchViews.batchId),
    essayId: text("essay_id").notNull(),
    /** Slot order from registration; essays first seen in a result have none and sort last. */
    position: integer("position"),
    fileUploadId: text("file_upload_id"),
    originalFileName: text("original_file_name"),
    studentName: text("student_name"),
    studentEmail: text("student_email"),
    originalTextStorageId: text("original_text_storage_id"),
    currentTextStorageId: text("current_text_storage_id"),
    spellcheckStatus: text("spellcheck_status").$type<ResultStatus>(),
    correctionCount: integer("correction_count"),
    corrections: text("corrections", { mode: "json" }).$type<CorrectionView[]>(),
    correctedTextStorageId: text("corrected_text_storage_id"),
    spellcheckWordCount: integer("spellcheck_word_count"),
    spellcheckAt: text("spellcheck_at"),
    nlpStatus: text("nlp_status").$type<ResultStatus>(),
    nlpMetrics: text("nlp_metrics", { mode: "json" }).$type<NlpMetricsView>(),
    nlpMetricsStorageId: text("nlp_metrics_storage_id"),
    nlpAt: text("nlp_at"),
    cjRank: integer("cj_rank"),
    cjScore: real("cj_score"),
    cjStandardError: real("cj_standard_error"),
    cjGrade: text("cj_grade"),
    cjGradeProbabilities: text("cj_grade_probabilities", { mode: "json" }).$type<Record<string, number>>(),
    /** Null when CJ did not say (no projection, older producers). */
    cjGradeUncertain: integer("cj_grade_uncertain", { mode: "boolean" }),
    cjAt: text("cj_at"),
    aiFeedbackStatus: text("ai_feedback_status").$type<ResultStatus>(),
    aiFeedbackStorageId: text("ai_feedback_storage_id"),
    aiFeedbackPreview: text("ai_feedback_preview"),
    aiFeedbackProvider: text("ai_feedback_provider"),
    /** Strengths, focus areas, next step (shared/contracts/feedback.ts); null from producers that send none. */
    aiFeedbackStructured: text("ai_feedback_structured", { mode: "json" }).$type<StructuredFeedback>(),
    aiFeedbackAt: text("ai_feedback_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.essayId] }),
    enumCheck("essay_views_spellcheck_status_check", t.spellcheckStatus, ResultStatusSchema.options),
    enumCheck("essay_views_nlp_status_check", t.nlpStatus, ResultStatusSchema.options),
    enumCheck("essay_views_ai_feedback_status_check", t.aiFeedbackStatus, ResultStatusSchema.options),
  ],
);

/** Why an essay failed a phase; removed when a later run of that phase succeeds for it. */
export const essayFailures = sqliteTable(
  "essay_failures",
  {
    batchId: text("batch_id").notNull(),
    essayId: text("essay_id").notNull(),
    phase: text("phase").$type<PhaseName>().notNull(),
    errorCode: text("error_code").notNull(),
    message: text("message").notNull(),
    failedAt: text("failed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.essayId, t.phase] }),
    enumCheck("essay_failures_phase_check", t.phase, enumValues(PhaseName)),
  ],
);
