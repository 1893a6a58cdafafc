import type { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ErrorCode, HuleEduError } from "@shared/contracts/errors.ts";
import type { BatchUploadResponse } from "@shared/contracts/file-upload.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readParams } from "@shared/http/validate.ts";
import { listBatchUploads, type FileUploadRecord } from "../db/upload-repository.ts";
import { replaceFile, type ReplaceFileDeps } from "../handlers/replace-file.ts";
import { uploadBatchFiles, type UploadBatchDeps } from "../handlers/upload-batch-files.ts";
import { readReplacementForm } from "./replace-form.ts";
import { BatchIdParamsSchema, FileParamsSchema, type FileUploadRecordView } from "./schemas.ts";
import { readUploadForm, type UploadLimits } from "./upload-form.ts";

export interface FileRoutesDeps extends UploadBatchDeps, ReplaceFileDeps {
  readonly limits: UploadLimits;
}

export function registerFileRoutes(app: Hono<AppEnv>, deps: FileRoutesDeps): void {
  app.post("/internal/v1/files/batch", async (c) => {
    const form = await readUploadForm(c, deps.limits);
    const correlationId = c.var.correlationId;
    const answer = await uploadBatchFiles({ ...form, correlationId }, deps);
    const body: BatchUploadResponse = { batch_id: form.batchId, files: answer.files };
    if (answer.httpStatus === 200) return c.json(body, 200);
    // Nothing reached an outcome: an error body the caller recognises, still listing every file.
    const code = answer.httpStatus === 502 ? ErrorCode.EXTERNAL_SERVICE_ERROR : ErrorCode.PROCESSING_ERROR;
    const error = new HuleEduError(code, "No file could be processed; nothing was reported. Send the files again.", {
      failed_files: answer.files.length,
    });
    return c.json({ ...error.toDetail({ correlationId, service: deps.serviceName }), ...body }, answer.httpStatus as ContentfulStatusCode);
  });

  app.put("/internal/v1/batches/:batch_id/files/:file_upload_id", async (c) => {
    const { batch_id, file_upload_id } = readParams(c, FileParamsSchema);
    const form = await readReplacementForm(c, deps.limits);
    const answer = await replaceFile({ ...form, batchId: batch_id, fileUploadId: file_upload_id, correlationId: c.var.correlationId }, deps);
    return c.json(answer, 200);
  });

  app.get("/internal/v1/batches/:batch_id/uploads", (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    return c.json({ batch_id, uploads: listBatchUploads(deps.db, batch_id).map(toView) });
  });
}

function toView(row: FileUploadRecord): FileUploadRecordView {
  return {
    file_upload_id: row.fileUploadId, file_name: row.fileName, status: row.status,
    error_code: row.errorCode, message: row.errorMessage, file_size_bytes: row.fileSizeBytes,
    raw_file_storage_id: row.rawStorageId, text_storage_id: row.textStorageId, content_sha256: row.contentSha256,
    student_name: row.studentName, student_email: row.studentEmail, user_id: row.userId,
    correlation_id: row.correlationId, created_at: row.createdAt, updated_at: row.updatedAt,
  };
}
