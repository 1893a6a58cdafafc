import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import {
  BatchCountsViewSchema, BatchListQuerySchema, BatchResultsViewSchema, BatchStatusViewSchema, CjBatchSummaryViewSchema, EssayFailureViewSchema,
  EssayResultViewSchema, PhaseViewSchema, PipelineCompletionViewSchema, PipelineDenialViewSchema, UserBatchListSchema, UserBatchSummarySchema,
} from "./schemas.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Result Aggregator",
    version: "1.0.0",
    description: "Materialised per-batch and per-essay results with the owning user_id; internal API behind the gateway.",
    components: {
      BatchStatusView: BatchStatusViewSchema, BatchResultsView: BatchResultsViewSchema, UserBatchList: UserBatchListSchema,
      UserBatchSummary: UserBatchSummarySchema, PhaseView: PhaseViewSchema, PipelineDenialView: PipelineDenialViewSchema,
      PipelineCompletionView: PipelineCompletionViewSchema, BatchCountsView: BatchCountsViewSchema, EssayResultView: EssayResultViewSchema,
      EssayFailureView: EssayFailureViewSchema, CjBatchSummaryView: CjBatchSummaryViewSchema,
    },
    routes: [
      {
        method: "get", path: "/internal/v1/batches/{batch_id}/status", operationId: "getBatchStatusView", tags: ["results"], security: "internal",
        summary: "Batch status, phases with timing, counts and the latest pipeline denial", params: { batch_id: "Batch id" },
        responses: { 200: { description: "The batch's status view", schema: BatchStatusViewSchema } },
      },
      {
        method: "get", path: "/internal/v1/batches/{batch_id}/results", operationId: "getBatchResultsView", tags: ["results"], security: "internal",
        summary: "Per-essay results: spellcheck corrections, NLP metrics, CJ rank/score/grade, AI feedback, failures", params: { batch_id: "Batch id" },
        responses: { 200: { description: "The batch's per-essay results", schema: BatchResultsViewSchema } },
      },
      {
        method: "get", path: "/internal/v1/users/{user_id}/batches", operationId: "listUserBatchViews", tags: ["results"], security: "internal",
        summary: "A user's batches, newest first", params: { user_id: "Owner's user id" }, query: BatchListQuerySchema,
        responses: { 200: { description: "The user's batches (empty when none)", schema: UserBatchListSchema } },
      },
    ],
  });
}
