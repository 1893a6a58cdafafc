// The public results contract: what the result aggregator serves at /internal/v1/batches/{id}/status
// and /results, and what the gateway hands to the batch's owner at /v1/batches/{id}/status and /results.
// One definition for both OpenAPI documents (and so for every generated client).
import * as v from "valibot";
import { BatchStatusSchema, LanguageSchema, PhaseNameSchema, PhaseOutcomeStatusSchema, PhaseStatusSchema, PipelineNameSchema } from "./enums.ts";
import { ErrorCodeSchema } from "./errors.ts";
import { CJBatchStatisticsSchema, CJGradeProjectionSummarySchema } from "./events/cj-results.ts";
import { ResultStatusSchema } from "./events/essay-ref.ts";
import { ProvisioningFailureSchema } from "./events/els.ts";
import { SpellingCorrectionSchema } from "./events/phase-results.ts";
import { StructuredFeedbackSchema } from "./feedback.ts";

const nullableString = v.nullable(v.string());

export const PhaseViewSchema = v.pipe(
  v.object({
    phase: PhaseNameSchema,
    status: PhaseStatusSchema,
    pipeline: v.nullable(PipelineNameSchema),
    started_at: nullableString,
    completed_at: nullableString,
    duration_ms: v.nullable(v.number()),
    essay_count: v.nullable(v.number()),
    processed_count: v.nullable(v.number()),
    failed_count: v.nullable(v.number()),
    failed_essay_ids: v.array(v.string()),
  }),
  v.title("PhaseView"),
);

export const PipelineDenialViewSchema = v.pipe(
  v.object({
    requested_pipeline: v.string(),
    error_code: ErrorCodeSchema,
    compatibility_issue: nullableString,
    message: v.string(),
    denied_at: v.string(),
  }),
  v.title("PipelineDenialView"),
);

export const PipelineCompletionViewSchema = v.pipe(
  v.object({
    pipeline: PipelineNameSchema,
    final_status: PhaseOutcomeStatusSchema,
    completed_phases: v.array(PhaseNameSchema),
    failed_essay_ids: v.array(v.string()),
    completed_at: v.string(),
  }),
  v.title("PipelineCompletionView"),
);

export const BatchCountsViewSchema = v.pipe(
  v.object({
    expected_essays: v.nullable(v.number()),
    essays: v.number(),
    provisioned: v.nullable(v.number()),
    provisioning_failures: v.number(),
    essays_with_failures: v.number(),
  }),
  v.title("BatchCountsView"),
);

/**
 * Whether every result of the last finished pipeline can be read. While it cannot, the view's
 * `status` stays PROCESSING_PIPELINES even if BOS already reported the pipeline finished.
 */
export const ResultsReadinessSchema = v.pipe(
  v.object({ complete: v.boolean(), pending_phases: v.array(PhaseNameSchema) }),
  v.title("ResultsReadiness"),
);

/** `GET /internal/v1/batches/{batch_id}/status`. */
export const BatchStatusViewSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    org_id: nullableString,
    status: BatchStatusSchema,
    results: ResultsReadinessSchema,
    status_updated_at: v.string(),
    course_code: nullableString,
    language: v.nullable(LanguageSchema),
    essay_instructions: nullableString,
    class_id: nullableString,
    assignment_id: nullableString,
    current_pipeline: v.nullable(PipelineNameSchema),
    last_pipeline: v.nullable(PipelineCompletionViewSchema),
    phases: v.array(PhaseViewSchema),
    counts: BatchCountsViewSchema,
    denial: v.nullable(PipelineDenialViewSchema),
    provisioning_failures: v.array(ProvisioningFailureSchema),
    registered_at: nullableString,
    /** Always null: RAS builds its views from events alone and no longer asks BOS (kept so older clients parse). */
    seeded_from_bos_at: nullableString,
    created_at: v.string(),
    updated_at: v.string(),
    /** The teacher's display name for the batch (null: none). */
    name: v.optional(nullableString),
    /** The latest cancelled run; its cancelled phases show as SKIPPED in `phases`. */
    cancellation: v.optional(v.nullable(v.object({
      pipeline: PipelineNameSchema, run_id: v.string(), cancelled_phases: v.array(v.string()), cancelled_at: v.string(),
    }))),
  }),
  v.title("BatchStatusView"),
);
export type BatchStatusView = v.InferOutput<typeof BatchStatusViewSchema>;

export const SpellcheckResultViewSchema = v.object({
  status: ResultStatusSchema,
  correction_count: v.number(),
  corrections: v.array(SpellingCorrectionSchema),
  corrected_text_storage_id: nullableString,
  word_count: v.nullable(v.number()),
  completed_at: v.string(),
});

export const NlpResultViewSchema = v.object({
  status: ResultStatusSchema,
  metrics: v.nullable(v.record(v.string(), v.nullable(v.union([v.number(), v.string()])))),
  metrics_storage_id: nullableString,
  completed_at: v.string(),
});

export const CjEssayResultViewSchema = v.object({
  rank: v.number(),
  score: v.number(),
  standard_error: v.number(),
  grade: nullableString,
  grade_probabilities: v.record(v.string(), v.number()),
  /** The grade is uncertain: the teacher should look. Absent when CJ did not say. */
  grade_uncertain: v.optional(v.boolean()),
  completed_at: v.string(),
});

/** Loose: richer feedback (e.g. a structured `feedback` object) may be added beside these fields. */
export const AiFeedbackResultViewSchema = v.object({
  status: ResultStatusSchema,
  feedback_storage_id: nullableString,
  feedback_preview: nullableString,
  provider: nullableString,
  /** The feedback itself, structured; quotes are spans of the original text (original_text_storage_id). */
  feedback: v.nullable(StructuredFeedbackSchema),
  completed_at: v.string(),
});

export const EssayFailureViewSchema = v.pipe(
  v.object({ phase: PhaseNameSchema, error_code: v.string(), message: v.string(), failed_at: v.string() }),
  v.title("EssayFailureView"),
);

export const EssayResultViewSchema = v.pipe(
  v.object({
    essay_id: v.string(),
    file_name: nullableString,
    file_upload_id: nullableString,
    student_name: nullableString,
    student_email: nullableString,
    original_text_storage_id: nullableString,
    current_text_storage_id: nullableString,
    spellcheck: v.nullable(SpellcheckResultViewSchema),
    nlp: v.nullable(NlpResultViewSchema),
    cj_assessment: v.nullable(CjEssayResultViewSchema),
    ai_feedback: v.nullable(AiFeedbackResultViewSchema),
    failures: v.array(EssayFailureViewSchema),
  }),
  v.title("EssayResultView"),
);
export type EssayResultView = v.InferOutput<typeof EssayResultViewSchema>;

export const CjBatchSummaryViewSchema = v.pipe(
  v.object({
    grade_scale: nullableString,
    comparisons_made: v.number(),
    finish_reason: v.string(),
    anchors: v.array(v.object({ anchor_id: v.string(), grade: v.string(), score: v.number() })),
    /** Grades projected or why not (no anchors / no scale), distribution, flagged count, boundaries. Absent from older results. */
    grade_projection: v.optional(CJGradeProjectionSummarySchema),
    /** Comparisons per essay, SSR, split-half reliability, expected rank agreement; null for results that predate them. */
    statistics: v.nullable(CJBatchStatisticsSchema),
    published_at: v.string(),
  }),
  v.title("CjBatchSummaryView"),
);

/** `GET /internal/v1/batches/{batch_id}/results`. */
export const BatchResultsViewSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    status: BatchStatusSchema,
    results: ResultsReadinessSchema,
    current_pipeline: v.nullable(PipelineNameSchema),
    cj_assessment: v.nullable(CjBatchSummaryViewSchema),
    essays: v.array(EssayResultViewSchema),
    updated_at: v.string(),
  }),
  v.title("BatchResultsView"),
);
export type BatchResultsView = v.InferOutput<typeof BatchResultsViewSchema>;

