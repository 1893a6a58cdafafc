import { ClientBatchRegistrationRequestSchema, CJSettingsSchema, PipelinePromptPayloadSchema } from "@shared/contracts/batch-registration.ts";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { TeacherNotificationSchema } from "@shared/contracts/notifications.ts";
import { StorageReferenceMetadataSchema } from "@shared/contracts/storage.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import {
  BatchListQuerySchema, BatchListSchema, BatchRegisteredSchema, BatchResultsSchema, BatchStatusViewSchema, BatchSummarySchema,
  FileUploadFormSchema, FileUploadResultSchema, PipelineAcceptedSchema, PipelineRequestSchema, PromptAmendedSchema, PromptAmendmentRequestSchema,
} from "./schemas.ts";

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const batchParam = { batch_id: "The batch id returned at registration" };
const notFound = error("RESOURCE_NOT_FOUND: no such batch for this user (another user's batch is reported the same way)");
const common = { 401: error("AUTHENTICATION_ERROR: missing, invalid or expired token"), 429: error("RATE_LIMIT: too many requests; see Retry-After") };

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu API Gateway",
    version: "1.0.0",
    description:
      "Public API. Every route needs `Authorization: Bearer <access token>` from the identity service. Batches belong to the user who registered them; another user's batch is 404 everywhere. Live updates: `GET /v1/ws` upgrades to a WebSocket (token in `?token=` or `Sec-WebSocket-Protocol: bearer, <token>`) that receives the caller's TeacherNotification messages as JSON. `POST /v1/batches/register` and `POST /v1/files/batch` accept an optional `Idempotency-Key` header (1-200 visible ASCII characters): a retry with the same key does not register or upload twice.",
    components: {
      ClientBatchRegistrationRequest: ClientBatchRegistrationRequestSchema,
      StorageReferenceMetadata: StorageReferenceMetadataSchema,
      CJSettings: CJSettingsSchema,
      PipelinePromptPayload: PipelinePromptPayloadSchema,
      PipelineRequest: PipelineRequestSchema,
      PipelineAccepted: PipelineAcceptedSchema,
      BatchRegistered: BatchRegisteredSchema,
      BatchSummary: BatchSummarySchema,
      BatchList: BatchListSchema,
      PromptAmendmentRequest: PromptAmendmentRequestSchema,
      PromptAmended: PromptAmendedSchema,
      FileUploadForm: FileUploadFormSchema,
      FileUploadResult: FileUploadResultSchema,
      BatchStatusView: BatchStatusViewSchema,
      BatchResults: BatchResultsSchema,
      TeacherNotification: TeacherNotificationSchema,
    },
    routes: [
      {
        method: "post", path: "/v1/batches/register", operationId: "registerBatch", summary: "Register a batch (optionally with a student prompt reference)", tags: ["batches"], security: "bearer",
        body: { schema: ClientBatchRegistrationRequestSchema },
        responses: { 201: { description: "Registered", schema: BatchRegisteredSchema }, 400: error("VALIDATION_ERROR with details.fields"), ...common },
      },
      {
        method: "get", path: "/v1/batches", operationId: "listBatches", summary: "The caller's batches", tags: ["batches"], security: "bearer",
        query: BatchListQuerySchema,
        responses: { 200: { description: "Batches", schema: BatchListSchema }, ...common },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}", operationId: "getBatch", summary: "Status and counts of one batch", tags: ["batches"], security: "bearer",
        params: batchParam,
        responses: { 200: { description: "The batch", schema: BatchSummarySchema }, 404: notFound, ...common },
      },
      {
        method: "patch", path: "/v1/batches/{batch_id}/prompt", operationId: "amendBatchPrompt", summary: "Attach or replace the student prompt reference", tags: ["batches"], security: "bearer",
        params: batchParam, body: { schema: PromptAmendmentRequestSchema },
        responses: {
          200: { description: "Prompt attached", schema: PromptAmendedSchema },
          400: error("VALIDATION_ERROR: malformed reference, or no student_prompt_text in it"),
          404: error("RESOURCE_NOT_FOUND: no such batch, or details.reason = prompt_content_not_found"),
          409: error("CONFLICT: a pipeline is running (details.reason = pipeline_running)"),
          ...common,
        },
      },
      {
        method: "post", path: "/v1/files/batch", operationId: "uploadBatchFiles", summary: "Upload essay files (.txt, .docx, .pdf) to a batch awaiting content", tags: ["files"], security: "bearer",
        body: { schema: FileUploadFormSchema, contentType: "multipart/form-data", description: "Fields: batch_id and one or more files" },
        responses: {
          202: { description: "Per file: accepted for processing, or why not", schema: FileUploadResultSchema },
          400: error("VALIDATION_ERROR: no files, too many files, missing batch_id"),
          404: notFound,
          409: error("CONFLICT: the batch no longer accepts files"),
          413: error("PAYLOAD_TOO_LARGE: a file or the upload is too large"),
          415: error("UNSUPPORTED_MEDIA_TYPE: not multipart/form-data"),
          ...common,
        },
      },
      {
        method: "post", path: "/v1/batches/{batch_id}/pipelines", operationId: "requestPipeline", summary: "Run a pipeline over a ready or completed batch", tags: ["pipelines"], security: "bearer",
        params: batchParam, body: { schema: PipelineRequestSchema },
        responses: {
          202: { description: "Accepted; progress arrives on the WebSocket", schema: PipelineAcceptedSchema },
          404: error("RESOURCE_NOT_FOUND: no such batch, or details.reason = prompt_content_not_found"),
          409: error("CONFLICT: batch not ready, or a pipeline is already running (details.reason)"),
          ...common,
        },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}/status", operationId: "getBatchStatus", summary: "Aggregated processing status", tags: ["pipelines"], security: "bearer",
        params: batchParam,
        responses: { 200: { description: "Status", schema: BatchStatusViewSchema }, 404: notFound, ...common },
      },
      {
        method: "get", path: "/v1/batches/{batch_id}/results", operationId: "getBatchResults", summary: "Aggregated per-essay results", tags: ["pipelines"], security: "bearer",
        params: batchParam,
        responses: { 200: { description: "Results", schema: BatchResultsSchema }, 404: notFound, ...common },
      },
      {
        method: "get", path: "/v1/ws", operationId: "notificationsSocket", summary: "WebSocket of the caller's live notifications (TeacherNotification JSON messages)", tags: ["notifications"], security: "bearer",
        responses: { 101: { description: "Switching protocols; each message is a TeacherNotification", schema: TeacherNotificationSchema }, 400: error("VALIDATION_ERROR: not a WebSocket upgrade"), ...common },
      },
    ],
  });
}
