import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import {
  BatchUploadFailureSchema, BatchUploadResponseSchema, BatchUploadsResponseSchema, FileUploadRecordSchema,
  FileUploadResultSchema, UploadFormDocSchema,
} from "./schemas.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
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
        summary:
          "Upload essay files for a batch (called by the gateway after its ownership check). Headers: X-User-ID " +
          "(required, the teacher), X-Correlation-ID, Idempotency-Key (optional; same key and files give the same " +
          "answer and no second events, and files that failed for a service fault are processed again).",
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
}
