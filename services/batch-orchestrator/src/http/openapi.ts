import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { BatchRegistrationRequestV1Schema, BatchRegistrationResponseSchema, CJSettingsSchema } from "@shared/contracts/batch-registration.ts";
import { StorageReferenceMetadataSchema } from "@shared/contracts/storage.ts";
import { PhaseStateSchema, PipelineRunStateSchema, PipelineStateResponseSchema, PipelineStateSchema } from "@shared/contracts/pipeline-state.ts";
import { BatchListQuerySchema, BatchListResponseSchema, BatchSummarySchema, EssayCountsSchema, PromptAmendmentRequestSchema } from "./schemas.ts";
import {
  BatchErasureAcceptedSchema, BatchErasureRequestSchema, BatchRenameRequestSchema, EssayRemovalRequestSchema, EssayRemovedSchema, EssaySlotsAddedSchema,
  EssaySlotsRequestSchema, PhaseRetryRequestSchema, PhaseRetryStartedSchema, RunCancelledSchema, RunCancelRequestSchema,
} from "@shared/contracts/batch-lifecycle.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Batch Orchestrator Service",
    version: "1.0.0",
    description: "Batch context, batch status and pipeline state (internal API; the gateway checks ownership).",
    components: {
      BatchRegistrationRequestV1: BatchRegistrationRequestV1Schema,
      BatchRegistrationResponse: BatchRegistrationResponseSchema,
      StorageReferenceMetadata: StorageReferenceMetadataSchema,
      CJSettings: CJSettingsSchema,
      PromptAmendmentRequest: PromptAmendmentRequestSchema,
      EssayCounts: EssayCountsSchema,
      BatchSummary: BatchSummarySchema,
      BatchListResponse: BatchListResponseSchema,
      PhaseState: PhaseStateSchema,
      PipelineRunState: PipelineRunStateSchema,
      PipelineState: PipelineStateSchema,
      PipelineStateResponse: PipelineStateResponseSchema,
      RunCancelRequest: RunCancelRequestSchema,
      RunCancelled: RunCancelledSchema,
      PhaseRetryRequest: PhaseRetryRequestSchema,
      PhaseRetryStarted: PhaseRetryStartedSchema,
      BatchRenameRequest: BatchRenameRequestSchema,
    },
    routes: [
      {
        method: "post", path: "/internal/v1/batches/register", operationId: "registerBatch", tags: ["batches"], security: "internal",
        summary: "Register a batch: store its context, generate essay ids, announce BatchEssaysRegistered. Honours an Idempotency-Key header.",
        body: { schema: BatchRegistrationRequestV1Schema },
        responses: {
          201: { description: "Registered (or replayed for a repeated Idempotency-Key)", schema: BatchRegistrationResponseSchema },
          409: { description: "Idempotency-Key reused with a different body" },
        },
      },
      {
        method: "get", path: "/internal/v1/batches/{batch_id}", operationId: "getBatch", tags: ["batches"], security: "internal",
        summary: "Batch summary: status, essay counts, prompt reference, current pipeline, owner",
        params: { batch_id: "Batch id" },
        responses: { 200: { description: "The batch", schema: BatchSummarySchema } },
      },
      {
        method: "get", path: "/internal/v1/batches/{batch_id}/pipeline-state", operationId: "getPipelineState", tags: ["batches"], security: "internal",
        summary: "The batch's owner and pipeline state",
        params: { batch_id: "Batch id" },
        responses: { 200: { description: "Pipeline state", schema: PipelineStateResponseSchema } },
      },
      {
        method: "get", path: "/internal/v1/users/{user_id}/batches", operationId: "listUserBatches", tags: ["batches"], security: "internal",
        summary: "A user's batches, newest first (optionally only those with one status)",
        params: { user_id: "Owner's user id" }, query: BatchListQuerySchema,
        responses: { 200: { description: "The user's batches", schema: BatchListResponseSchema } },
      },
      {
        method: "patch", path: "/internal/v1/batches/{batch_id}/prompt", operationId: "amendBatchPrompt", tags: ["batches"], security: "internal",
        summary: "Attach or replace the student prompt reference (owner only; not while a pipeline runs)",
        params: { batch_id: "Batch id" }, body: { schema: PromptAmendmentRequestSchema },
        responses: {
          200: { description: "The updated batch", schema: BatchSummarySchema },
          409: { description: "A pipeline is running on this batch" },
        },
      },
      {
        method: "post", path: "/internal/v1/batches/{batch_id}/erasure", operationId: "eraseBatch", tags: ["lifecycle"], security: "internal",
        summary: "Erase the batch (owner only; not while a pipeline runs): BOS drops its context and asks every participant to erase theirs",
        params: { batch_id: "Batch id" }, body: { schema: BatchErasureRequestSchema },
        responses: {
          202: { description: "Erasure started", schema: BatchErasureAcceptedSchema },
          409: { description: "A pipeline is running on this batch" },
        },
      },
      {
        method: "post", path: "/internal/v1/batches/{batch_id}/cancel", operationId: "cancelPipeline", tags: ["run-control"], security: "internal",
        summary: "Cancel the running pipeline (owner only): the run ends CANCELLED, the batch is ready again, PipelineCancelled tells the services to drop its work",
        params: { batch_id: "Batch id" }, body: { schema: RunCancelRequestSchema },
        responses: { 200: { description: "Cancelled", schema: RunCancelledSchema }, 409: { description: "CONFLICT (reason no_pipeline_running)" } },
      },
      {
        method: "post", path: "/internal/v1/batches/{batch_id}/retry-phase", operationId: "retryPhase", tags: ["run-control"], security: "internal",
        summary: "Re-run one phase for the essays that failed it in the latest run, as a new one-phase run (owner only)",
        params: { batch_id: "Batch id" }, body: { schema: PhaseRetryRequestSchema },
        responses: {
          202: { description: "Retry started", schema: PhaseRetryStartedSchema },
          402: { description: "INSUFFICIENT_CREDITS for the retried essays" },
          409: { description: "CONFLICT (reason pipeline_in_progress, no_runs, no_failed_essays or phase_not_retryable)" },
        },
      },
      {
        method: "patch", path: "/internal/v1/batches/{batch_id}", operationId: "renameBatch", tags: ["batches"], security: "internal",
        summary: "Set (or clear with null) the batch's display name, trimmed, 1–200 characters (owner only)",
        params: { batch_id: "Batch id" }, body: { schema: BatchRenameRequestSchema },
        responses: { 200: { description: "The renamed batch", schema: BatchSummarySchema } },
      },
      {
        method: "post", path: "/internal/v1/batches/{batch_id}/essays", operationId: "addEssaySlots", tags: ["lifecycle"], security: "internal",
        summary: "Add empty essay slots (owner only; not while a pipeline runs); the batch awaits content again",
        params: { batch_id: "Batch id" }, body: { schema: EssaySlotsRequestSchema },
        responses: { 201: { description: "Slots added", schema: EssaySlotsAddedSchema }, 409: { description: "A pipeline is running on this batch" } },
      },
      {
        method: "post", path: "/internal/v1/batches/{batch_id}/essays/{essay_id}/removal", operationId: "removeEssay", tags: ["lifecycle"], security: "internal",
        summary: "Remove one essay (owner only; not while a pipeline runs; not the last one); ELS erases its slot and content",
        params: { batch_id: "Batch id", essay_id: "Essay id" }, body: { schema: EssayRemovalRequestSchema },
        responses: { 200: { description: "Removed", schema: EssayRemovedSchema }, 409: { description: "A pipeline runs, or it is the last essay" } },
      },
    ],
  });
}
