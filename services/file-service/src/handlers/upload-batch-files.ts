import type { FileUploadResult } from "@shared/contracts/file-upload.ts";
import { ErrorCode, HuleEduError } from "@shared/contracts/errors.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { claimUploadRequest, finishUploadRequest, type FileUploadRecord } from "../db/upload-repository.ts";
import { FileUploadStatus } from "../db/upload-states.ts";
import { processFile, type FileOutcome, type ProcessFileDeps, type UploadContext, type UploadedFile } from "./process-file.ts";

export interface BatchUploadRequest {
  readonly batchId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly idempotencyKey: string | null;
  readonly files: readonly { readonly fileName: string; readonly bytes: Uint8Array }[];
}

/** One file in the answer (shared contract); `rejected` with EXTERNAL_SERVICE_ERROR or PROCESSING_ERROR was not reported. */
export type { FileUploadResult };

export interface BatchUploadAnswer {
  /** 200 when at least one file reached an outcome; 502/500 when none did (nothing was reported). */
  readonly httpStatus: 200 | 500 | 502;
  readonly files: FileUploadResult[];
}

export interface UploadBatchDeps extends ProcessFileDeps {
  readonly concurrency: number;
  readonly claimTtlMs: number;
  readonly metrics: ServiceMetrics;
}

/**
 * Process every file of an upload in isolation, a few at a time. With an Idempotency-Key, files
 * that already reached an outcome are answered from the record (no second event) and only files
 * that failed before an outcome are processed again.
 */
export async function uploadBatchFiles(request: BatchUploadRequest, deps: UploadBatchDeps): Promise<BatchUploadAnswer> {
  const uploads = deps.metrics.counter("file_uploads_total", "Uploaded files by outcome", ["status", "error_code"]);
  const files = request.files.map((f, position) => ({ ...f, position, rawSha256: sha256Hex(f.bytes) }));
  const ctx: UploadContext = {
    batchId: request.batchId, userId: request.userId, correlationId: request.correlationId, idempotencyKey: request.idempotencyKey,
  };
  const previous = new Map<number, FileUploadRecord>();
  if (request.idempotencyKey !== null) {
    const claim = claimUploadRequest(deps.db, {
      batchId: request.batchId, idempotencyKey: request.idempotencyKey, userId: request.userId, claimTtlMs: deps.claimTtlMs,
      requestSha256: sha256Hex(JSON.stringify([request.batchId, files.map((f) => [f.fileName, f.bytes.byteLength, f.rawSha256])])),
    });
    if (claim.kind === "fingerprint_mismatch") {
      throw new HuleEduError(ErrorCode.CONFLICT, "This Idempotency-Key was already used for a different set of files.", {
        reason: "idempotency_key_reused", idempotency_key: request.idempotencyKey,
      });
    }
    if (claim.kind === "in_progress") {
      throw new HuleEduError(ErrorCode.CONFLICT, "A request with this Idempotency-Key is still being processed; retry shortly.", {
        reason: "request_in_progress", idempotency_key: request.idempotencyKey,
      });
    }
    for (const row of claim.previous) previous.set(row.position, row);
  }
  try {
    const results = await mapConcurrently(files, deps.concurrency, async (file): Promise<FileUploadResult> => {
      const earlier = previous.get(file.position);
      if (earlier && earlier.status !== FileUploadStatus.FAILED) {
        return resultOf(file.fileName, earlier.fileUploadId, { status: earlier.status, ...optional(earlier.errorCode, earlier.errorMessage) });
      }
      const uploaded: UploadedFile = { ...file, fileUploadId: earlier?.fileUploadId ?? crypto.randomUUID() };
      const outcome = await processFile(uploaded, ctx, deps);
      uploads.inc({ status: outcome.status, error_code: outcome.errorCode ?? "" });
      deps.logger.info("file processed", {
        batch_id: ctx.batchId, file_upload_id: uploaded.fileUploadId, correlation_id: ctx.correlationId,
        file_name: file.fileName, status: outcome.status, error_code: outcome.errorCode,
      });
      return resultOf(file.fileName, uploaded.fileUploadId, outcome);
    });
    return { httpStatus: httpStatusOf(results), files: results };
  } finally {
    if (request.idempotencyKey !== null) finishUploadRequest(deps.db, request.batchId, request.idempotencyKey);
  }
}

function resultOf(fileName: string, fileUploadId: string, outcome: FileOutcome): FileUploadResult {
  const result: FileUploadResult = {
    file_name: fileName, file_upload_id: fileUploadId,
    status: outcome.status === FileUploadStatus.ACCEPTED ? "accepted" : "rejected",
  };
  if (outcome.errorCode) result.error_code = outcome.errorCode;
  if (outcome.message) result.message = outcome.message;
  return result;
}

function optional(errorCode: string | null, message: string | null): { errorCode?: string; message?: string } {
  return { ...(errorCode ? { errorCode } : {}), ...(message ? { message } : {}) };
}

const NOT_REPORTED = new Set<string>([ErrorCode.EXTERNAL_SERVICE_ERROR, ErrorCode.PROCESSING_ERROR]);

function httpStatusOf(results: readonly FileUploadResult[]): 200 | 500 | 502 {
  const unreported = results.filter((r) => r.error_code !== undefined && NOT_REPORTED.has(r.error_code));
  if (unreported.length < results.length) return 200;
  return unreported.some((r) => r.error_code === ErrorCode.EXTERNAL_SERVICE_ERROR) ? 502 : 500;
}

function sha256Hex(data: Uint8Array | string): string {
  return new Bun.CryptoHasher("sha256").update(data).digest("hex");
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
