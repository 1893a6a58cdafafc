import * as v from "valibot";
import {
  AiFeedbackResultViewSchema, BatchCountsViewSchema, BatchResultsViewSchema, BatchStatusViewSchema as SharedStatusViewSchema, CjBatchSummaryViewSchema,
  EssayFailureViewSchema, EssayResultViewSchema, PhaseViewSchema, PipelineCompletionViewSchema, PipelineDenialViewSchema, ResultsReadinessSchema,
} from "@shared/contracts/batch-results.ts";

/** `/v1/batches/{id}/status`: the result aggregator's status view as it is (shared contract). */
export const BatchStatusViewSchema = SharedStatusViewSchema;
/** `/v1/batches/{id}/results`: the result aggregator's results view as it is (shared contract). */
export const BatchResultsSchema = BatchResultsViewSchema;

/** `/v1/batches/{id}/essays/{essay_id}`: one essay's result, its original text and its full feedback. */
export const EssayDetailSchema = v.pipe(
  v.object({ batch_id: v.string(), essay: EssayResultViewSchema, text: v.nullable(v.string()), feedback_text: v.nullable(v.string()) }),
  v.title("EssayDetail"),
);

/** Named components so the documents share definitions by name. */
export const RESULT_COMPONENTS = {
  PhaseView: PhaseViewSchema, PipelineDenialView: PipelineDenialViewSchema, PipelineCompletionView: PipelineCompletionViewSchema,
  BatchCountsView: BatchCountsViewSchema, ResultsReadiness: ResultsReadinessSchema, EssayResultView: EssayResultViewSchema,
  EssayFailureView: EssayFailureViewSchema, CjBatchSummaryView: CjBatchSummaryViewSchema, AiFeedbackResultView: AiFeedbackResultViewSchema,
};
