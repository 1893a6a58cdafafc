import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { ErrorCode } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { ContentUnavailableError, type ContentClient } from "@shared/http/content-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { DocumentFormat, documentFormatOf, extractText } from "../domain/extract-text.ts";
import type { FileFailure } from "../domain/file-error-codes.ts";
import { saveFileUpload, type FileUploadWrite } from "../db/upload-repository.ts";
import { FileUploadStatus } from "../db/upload-states.ts";
import type { EssayFileText } from "./read-essay-file.ts";
import type { ExtractionPool } from "./extraction-pool.ts";

export interface UploadedFile {
  readonly fileUploadId: string;
  /** Place in the request; with an Idempotency-Key it names the file across retries. */
  readonly position: number;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly rawSha256: string;
}

export interface UploadContext {
  readonly batchId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly idempotencyKey: string | null;
}

/** What happened to one file. `failed` emitted nothing and may be retried. */
export interface FileOutcome {
  readonly status: FileUploadStatus;
  readonly errorCode?: string;
  readonly message?: string;
}

export interface ProcessFileDeps {
  readonly db: Db;
  readonly uow: UnitOfWork;
  readonly content: ContentClient;
  readonly pool: ExtractionPool;
  readonly logger: Logger;
  readonly serviceName: string;
}

const RAW_MEDIA_TYPES: Record<DocumentFormat, string> = {
  [DocumentFormat.TXT]: "text/plain",
  [DocumentFormat.DOCX]: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  [DocumentFormat.PDF]: "application/pdf",
};

/**
 * Store, read, validate and report one uploaded file. Never throws: a bad file is `rejected` with
 * a failure event, a content-service or internal fault is `failed` without any event.
 */
export async function processFile(file: UploadedFile, ctx: UploadContext, deps: ProcessFileDeps): Promise<FileOutcome> {
  const base: FileUploadWrite = {
    fileUploadId: file.fileUploadId, batchId: ctx.batchId, userId: ctx.userId, fileName: file.fileName,
    fileSizeBytes: file.bytes.byteLength, rawSha256: file.rawSha256, idempotencyKey: ctx.idempotencyKey,
    position: file.position, correlationId: ctx.correlationId, status: FileUploadStatus.FAILED,
    contentSha256: null, rawStorageId: null, textStorageId: null, errorCode: null, errorMessage: null,
    studentName: null, studentEmail: null,
  };
  try {
    const format = documentFormatOf(file.fileName);
    if (!format || file.bytes.byteLength === 0) {
      // extractText answers these two before parsing anything; there is nothing worth storing.
      const refused = await extractText(file.fileName, file.bytes);
      if (!refused.ok) return reject(base, refused, null, ctx, deps);
    }
    const rawStorageId = await deps.content.storeBytes(file.bytes, format ? RAW_MEDIA_TYPES[format] : "application/octet-stream", ctx.correlationId);
    const reading = await deps.pool.read(file.fileName, file.bytes);
    if (!reading.ok) return reject(base, reading, rawStorageId, ctx, deps);
    const textStorageId = await deps.content.storeText(reading.text, ctx.correlationId);
    return accept(base, reading, rawStorageId, textStorageId, ctx, deps);
  } catch (err) {
    return fail(base, err, deps);
  }
}

function accept(base: FileUploadWrite, reading: EssayFileText, rawStorageId: string, textStorageId: string, ctx: UploadContext, deps: ProcessFileDeps): FileOutcome {
  const contentSha256 = new Bun.CryptoHasher("sha256").update(reading.text).digest("hex");
  const studentName = reading.student.student_name ?? null;
  const studentEmail = reading.student.student_email ?? null;
  deps.uow.run((tx, emit) => {
    saveFileUpload(tx, { ...base, status: FileUploadStatus.ACCEPTED, rawStorageId, textStorageId, contentSha256, studentName, studentEmail });
    emit(EssayContentProvisionedTopic, {
      data: {
        batch_id: ctx.batchId, file_upload_id: base.fileUploadId, original_file_name: base.fileName,
        raw_file_storage_id: rawStorageId, text_storage_id: textStorageId, file_size_bytes: base.fileSizeBytes,
        content_sha256: contentSha256, student_name: studentName, student_email: studentEmail,
      },
      source: deps.serviceName, correlationId: ctx.correlationId, metadata: { user_id: ctx.userId, batch_id: ctx.batchId },
    }, { dedupeKey: `file-upload:${base.fileUploadId}` });
  });
  return { status: FileUploadStatus.ACCEPTED };
}

function reject(base: FileUploadWrite, failure: FileFailure, rawStorageId: string | null, ctx: UploadContext, deps: ProcessFileDeps): FileOutcome {
  deps.uow.run((tx, emit) => {
    saveFileUpload(tx, { ...base, status: FileUploadStatus.REJECTED, rawStorageId, errorCode: failure.code, errorMessage: failure.message });
    emit(EssayValidationFailedTopic, {
      data: {
        batch_id: ctx.batchId, file_upload_id: base.fileUploadId, original_file_name: base.fileName,
        raw_file_storage_id: rawStorageId, file_size_bytes: base.fileSizeBytes, error_code: failure.code, message: failure.message,
      },
      source: deps.serviceName, correlationId: ctx.correlationId, metadata: { user_id: ctx.userId, batch_id: ctx.batchId },
    }, { dedupeKey: `file-upload:${base.fileUploadId}` });
  });
  return { status: FileUploadStatus.REJECTED, errorCode: failure.code, message: failure.message };
}

function fail(base: FileUploadWrite, err: unknown, deps: ProcessFileDeps): FileOutcome {
  const external = err instanceof ContentUnavailableError;
  const outcome: FileOutcome = external
    ? { status: FileUploadStatus.FAILED, errorCode: ErrorCode.EXTERNAL_SERVICE_ERROR, message: `${err.message}. The file was not processed; send it again.` }
    : { status: FileUploadStatus.FAILED, errorCode: ErrorCode.PROCESSING_ERROR, message: "The file could not be processed because of a service fault; send it again." };
  deps.logger[external ? "warn" : "error"]("file not processed", {
    batch_id: base.batchId, file_upload_id: base.fileUploadId, correlation_id: base.correlationId, error: err,
  });
  try {
    saveFileUpload(deps.db, { ...base, errorCode: outcome.errorCode ?? null, errorMessage: outcome.message ?? null });
  } catch (recordErr) {
    deps.logger.error("could not record a failed upload", { file_upload_id: base.fileUploadId, error: recordErr });
  }
  return outcome;
}
