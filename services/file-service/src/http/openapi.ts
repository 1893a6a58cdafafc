import type { ParameterObject } from "openapi3-ts/oas31";
import { BatchUploadFailureSchema, BatchUploadResponseSchema, FileReplacementResponseSchema, FileUploadResultSchema } from "@shared/contracts/file-upload.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import {
  BatchUploadsResponseSchema, FileUploadRecordSchema, ReplaceFormDocSchema, UploadFormDocSchema,
} from "./schemas.ts";

const UPLOAD_HEADERS: ParameterObject[] = [
  { name: "X-User-ID", in: "header", required: true, description: "The uploading teacher (recorded with each upload).", schema: { type: "string", maxLength: 255 } },
  {
    name: "Idempotency-Key", in: "header", required: false,
    description: "Same key and same files (per batch) give the same answer and no second events; files that failed for a service fault are processed again.",
    schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
  },
  { name: "X-Correlation-ID", in: "header", required: false, description: "Carried into the events and logs.", schema: { type: "string" } },
];

export function openApiDocument() {
  const doc = buildOpenApiDocument({
    title: "HuleEdu File Service",
    version: "1.0.0",
    description:
      "Essay file intake: stores each uploaded file in the content service, extracts and validates its text, " +
      "reads the student's name and e-mail, and reports each file to the essay lifecycle service " +
      "(EssayContentProvisioned or EssayValidationFailed) through an outbox.",
    components: {
      FileUploadResult: FileUploadResultSchema,
      BatchUploadResponse: BatchUploadResponseSchema,
      BatchUploadFailure: BatchUploadFailureSchema,
      FileUploadRecord: FileUploadRecordSchema,
      BatchUploadsResponse: BatchUploadsResponseSchema,
      FileReplacementResponse: FileReplacementResponseSchema,
    },
    routes: [
      {
        method: "post", path: "/internal/v1/files/batch", operationId: "uploadBatchFiles", tags: ["files"], security: "internal",
        summary: "Upload essay files for a batch (called by the gateway after its ownership check)",
        body: { contentType: "multipart/form-data", schema: UploadFormDocSchema },
        responses: {
          200: { description: "Every file answered: accepted, or rejected with a reason", schema: BatchUploadResponseSchema },
          409: { description: "Idempotency-Key reused for other files, or its request still running" },
          413: { description: "The body or a file is over its size limit (PAYLOAD_TOO_LARGE)" },
          415: { description: "The body is not multipart/form-data" },
          500: { description: "No file could be processed because of a service fault (PROCESSING_ERROR)", schema: BatchUploadFailureSchema },
          502: { description: "No file could be processed: the content service failed (EXTERNAL_SERVICE_ERROR)", schema: BatchUploadFailureSchema },
        },
      },
      {
        method: "put", path: "/internal/v1/batches/{batch_id}/files/{file_upload_id}", operationId: "replaceBatchFile", tags: ["files"], security: "internal",
        summary: "Replace an accepted file (same upload id) with a new one; emits EssayFileReplaced. The caller checks that no pipeline runs.",
        params: { batch_id: "Batch id", file_upload_id: "An accepted upload of the batch" },
        body: { contentType: "multipart/form-data", schema: ReplaceFormDocSchema },
        responses: {
          200: { description: "Replaced, or unchanged (the same file again)", schema: FileReplacementResponseSchema },
          400: { description: "VALIDATION_ERROR; reason file_rejected with file_error_code for a file that cannot be used (nothing changed)" },
          404: { description: "No accepted file with this id in the batch for X-User-ID" },
          409: { description: "CONFLICT: duplicate_content (another essay has this text) or replacement_conflict (replaced meanwhile)" },
          413: { description: "The file is over its size limit" },
          415: { description: "The body is not multipart/form-data" },
          502: { description: "The content service failed; nothing was replaced" },
        },
      },
      {
        method: "get", path: "/internal/v1/batches/{batch_id}/uploads", operationId: "listBatchUploads", tags: ["files"], security: "internal",
        summary: "The uploads recorded for a batch, oldest first (empty when none)",
        params: { batch_id: "Batch id" },
        responses: { 200: { description: "Recorded uploads", schema: BatchUploadsResponseSchema } },
      },
    ],
  });
  // The shared builder documents path and query parameters only.
  const upload = doc.paths?.["/internal/v1/files/batch"]?.post;
  if (upload) upload.parameters = [...UPLOAD_HEADERS, ...(upload.parameters ?? [])];
  const replace = doc.paths?.["/internal/v1/batches/{batch_id}/files/{file_upload_id}"]?.put;
  if (replace) replace.parameters = [UPLOAD_HEADERS[0] as ParameterObject, UPLOAD_HEADERS[2] as ParameterObject, ...(replace.parameters ?? [])];
  return doc;
}
