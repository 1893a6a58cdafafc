import * as v from "valibot";
import { BatchStatusSchema, PipelineNameSchema } from "@shared/contracts/enums.ts";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));
export const BatchIdParamsSchema = v.object({ batch_id: id("batch_id") });
export const UserIdParamsSchema = v.object({ user_id: id("user_id") });

const intQuery = (min: number, max: number, fallback: string) =>
  v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(min), v.maxValue(max)), fallback);
export const BatchListQuerySchema = v.object({ limit: intQuery(1, 500, "100"), offset: intQuery(0, 1_000_000, "0") });

export {
  AiFeedbackResultViewSchema, BatchCountsViewSchema, BatchResultsViewSchema, BatchStatusViewSchema, CjBatchSummaryViewSchema, CjEssayResultViewSchema,
  EssayFailureViewSchema, EssayResultViewSchema, NlpResultViewSchema, PhaseViewSchema, PipelineCompletionViewSchema, PipelineDenialViewSchema,
  ResultsReadinessSchema, SpellcheckResultViewSchema, type BatchResultsView, type BatchStatusView, type EssayResultView,
} from "@shared/contracts/batch-results.ts";
import { PipelineCompletionViewSchema, PipelineDenialViewSchema } from "@shared/contracts/batch-results.ts";

const nullableString = v.nullable(v.string());

export const UserBatchSummarySchema = v.pipe(
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    status: BatchStatusSchema,
    course_code: nullableString,
    current_pipeline: v.nullable(PipelineNameSchema),
    last_pipeline: v.nullable(PipelineCompletionViewSchema),
    denial: v.nullable(PipelineDenialViewSchema),
    expected_essays: v.nullable(v.number()),
    essay_count: v.number(),
    created_at: v.string(),
    updated_at: v.string(),
  }),
  v.title("UserBatchSummary"),
);

/** `GET /internal/v1/users/{user_id}/batches`. */
export const UserBatchListSchema = v.pipe(
  v.object({ user_id: v.string(), batches: v.array(UserBatchSummarySchema), total: v.number(), limit: v.number(), offset: v.number() }),
  v.title("UserBatchList"),
);
export type UserBatchList = v.InferOutput<typeof UserBatchListSchema>;
