import type { ParameterObject } from "openapi3-ts/oas31";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import {
  BatchUploadFailureSchema, BatchUploadResponseSchema, BatchUploadsResponseSchema, FileUploadRecordSchema,
  FileUploadResultSchema, UploadFormDocSchema,
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
  return doc;
}
