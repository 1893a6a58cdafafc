import { EssayFileReplacedTopic } from "@shared/contracts/events/file.ts";
import type { FileReplacementResponse } from "@shared/contracts/file-upload.ts";
import { ErrorCode, HuleEduError } from "@shared/contracts/errors.ts";
import { ContentUnavailableError } from "@shared/http/content-client.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { documentFormatOf, extractText, type DocumentFormat } from "../domain/extract-text.ts";
import { acceptedUploadWithContent, findUpload, replaceUploadContent } from "../db/replacement-repository.ts";
import { FileUploadStatus } from "../db/upload-states.ts";
import type { ProcessFileDeps } from "./process-file.ts";

export interface ReplaceFileRequest {
  readonly batchId: string;
  readonly fileUploadId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** The answer is the shared contract the gateway parses. */
export type ReplaceFileAnswer = FileReplacementResponse;

export interface ReplaceFileDeps extends ProcessFileDeps {
  readonly eraser: ContentEraser;
}

const RAW_MEDIA_TYPES: Record<DocumentFormat, string> = {
  txt: "text/plain",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

const sha256Hex = (data: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(data).digest("hex");

/**
 * Replace an accepted file of the batch with a new one, read and validated exactly like an upload.
 * A bad file, a text another essay of the batch already has, or a lost race changes nothing (4xx);
 * otherwise the record points at the new blobs and EssayFileReplaced goes out in the same
 * transaction. The same file sent again is `unchanged` (a retried PUT emits nothing).
 */
export async function replaceFile(req: ReplaceFileRequest, deps: ReplaceFileDeps): Promise<ReplaceFileAnswer> {
  const current = findUpload(deps.db, req.fileUploadId);
  if (!current || current.batchId !== req.batchId || current.userId !== req.userId || current.status !== FileUploadStatus.ACCEPTED) {
    throw new HuleEduError(ErrorCode.RESOURCE_NOT_FOUND, `File ${req.fileUploadId} not found in batch ${req.batchId}`, { batch_id: req.batchId, file_upload_id: req.fileUploadId });
  }
  const answer = (status: ReplaceFileAnswer["status"], replacementId: string | null): ReplaceFileAnswer => ({
    batch_id: req.batchId, file_upload_id: req.fileUploadId, file_name: status === "unchanged" ? current.fileName : req.fileName, status, replacement_id: replacementId,
  });
  const rawSha256 = sha256Hex(req.bytes);
  if (rawSha256 === current.rawSha256) return answer("unchanged", null);

  const format = documentFormatOf(req.fileName);
  // Unsupported and empty files are answered before any parsing, as for an upload.
  const reading = !format || req.bytes.byteLength === 0 ? await extractText(req.fileName, req.bytes) : await deps.pool.read(req.fileName, req.bytes);
  if (!reading.ok) {
    throw new HuleEduError(ErrorCode.VALIDATION_ERROR, reading.message, { reason: "file_rejected", file_error_code: reading.code, file_name: req.fileName });
  }
  if (!("student" in reading)) throw new Error("an unparsed file cannot reach this point");
  const contentSha256 = sha256Hex(reading.text);
  if (contentSha256 === current.contentSha256) return answer("unchanged", null);
  const twin = acceptedUploadWithContent(deps.db, req.batchId, contentSha256, req.fileUploadId);
  if (twin) {
    throw new HuleEduError(ErrorCode.CONFLICT, `${req.fileName} has the same text as ${twin.fileName}, another essay of this batch`, {
      reason: "duplicate_content", file_name: req.fileName, duplicate_of: twin.fileUploadId,
    });
  }

  const stored: string[] = [];
  try {
    stored.push(await deps.content.storeBytes(req.bytes, RAW_MEDIA_TYPES[reading.format], req.correlationId));
    stored.push(await deps.content.storeText(reading.text, req.correlationId));
  } catch (err) {
    await eraseQuietly(deps, stored, req.correlationId);
    if (err instanceof ContentUnavailableError) throw new HuleEduError(ErrorCode.EXTERNAL_SERVICE_ERROR, `${err.message}. Nothing was replaced; send the file again.`, { upstream: "content-service" });
    throw err;
  }
  const [rawStorageId, textStorageId] = stored as [string, string];
  const replacementId = crypto.randomUUID();
  const studentName = reading.student.student_name ?? null;
  const studentEmail = reading.student.student_email ?? null;
  const applied = deps.uow.run((tx, emit) => {
    const won = replaceUploadContent(tx, current, {
      fileName: req.fileName, fileSizeBytes: req.bytes.byteLength, rawSha256, contentSha256, rawStorageId, textStorageId, studentName, studentEmail, correlationId: req.correlationId,
    });
    if (!won) return false;
    emit(EssayFileReplacedTopic, {
      data: {
        batch_id: req.batchId, user_id: req.userId, file_upload_id: req.fileUploadId, replacement_id: replacementId, original_file_name: req.fileName,
        raw_file_storage_id: rawStorageId, text_storage_id: textStorageId, file_size_bytes: req.bytes.byteLength, content_sha256: contentSha256,
        student_name: studentName, student_email: studentEmail,
        previous_raw_file_storage_id: current.rawStorageId, previous_text_storage_id: current.textStorageId,
      },
      source: deps.serviceName, correlationId: req.correlationId, metadata: { user_id: req.userId, batch_id: req.batchId },
    }, { dedupeKey: `file-replace:${replacementId}` });
    return true;
  });
  if (!applied) {
    await eraseQuietly(deps, stored, req.correlationId);
    throw new HuleEduError(ErrorCode.CONFLICT, `File ${req.fileUploadId} was replaced by another request meanwhile; list the files and try again`, { reason: "replacement_conflict", file_upload_id: req.fileUploadId });
  }
  // ELS erases the slot's old blobs too; this covers a file that never got a slot.
  await eraseQuietly(deps, [current.rawStorageId, current.textStorageId].filter((id): id is string => id !== null), req.correlationId);
  deps.logger.info("file replaced", { batch_id: req.batchId, file_upload_id: req.fileUploadId, replacement_id: replacementId, correlation_id: req.correlationId, file_name: req.fileName });
  return answer("replaced", replacementId);
}

async function eraseQuietly(deps: ReplaceFileDeps, ids: readonly string[], correlationId: string): Promise<void> {
  if (ids.length === 0) return;
  try {
    await deps.eraser.erase(ids, correlationId);
  } catch (err) {
    deps.logger.warn("could not erase blobs of a replacement", { storage_ids: ids, correlation_id: correlationId, error: err });
  }
}
