import type { Hono } from "hono";
import { HuleEduError, parseOrThrow } from "@shared/contracts/errors.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import type { FileServiceClient } from "../clients/file-service-client.ts";
import { assertAcceptsFiles, ownedBatch } from "../domain/batch-access.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { idempotencyKey } from "./idempotency-key.ts";
import { BatchIdParamsSchema } from "./schemas.ts";

export interface FileRoutesDeps {
  bos: BosClient;
  files: FileServiceClient;
  maxFiles: number;
  maxFileBytes: number;
  logger: Logger;
}

// Room for the multipart framing and the batch_id field around the files themselves.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Largest request body the upload route can legitimately receive. */
export function maxUploadBodyBytes(maxFiles: number, maxFileBytes: number): number {
  return maxFiles * (maxFileBytes + 1024) + MULTIPART_OVERHEAD_BYTES;
}

export function registerFileRoutes(app: Hono<GatewayEnv>, deps: FileRoutesDeps): void {
  const { bos, files, maxFiles, maxFileBytes, logger } = deps;
  const maxBody = maxUploadBodyBytes(maxFiles, maxFileBytes);

  app.post("/v1/files/batch", async (c) => {
    const declared = Number(c.req.header("Content-Length") ?? "0");
    if (declared > maxBody) {
      throw new HuleEduError("PAYLOAD_TOO_LARGE", `Upload is larger than ${maxBody} bytes (at most ${maxFiles} files of ${maxFileBytes} bytes)`, { max_files: maxFiles, max_file_bytes: maxFileBytes });
    }
    if (!(c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
      throw new HuleEduError("UNSUPPORTED_MEDIA_TYPE", "Upload files as multipart/form-data with fields batch_id and files");
    }
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new HuleEduError("VALIDATION_ERROR", "Request body is not valid multipart/form-data");
    }
    const { batch_id } = parseOrThrow(BatchIdParamsSchema, { batch_id: form.get("batch_id") ?? undefined }, "form");
    const entries = form.getAll("files");
    const uploads = entries.filter((e): e is File => typeof e !== "string");
    if (uploads.length !== entries.length) {
      throw new HuleEduError("VALIDATION_ERROR", "Invalid form: files: every files entry must be a file", { fields: { files: "every files entry must be a file" } });
    }
    if (uploads.length === 0) throw new HuleEduError("VALIDATION_ERROR", "Invalid form: files: at least one file is required", { fields: { files: "at least one file is required" } });
    if (uploads.length > maxFiles) {
      throw new HuleEduError("VALIDATION_ERROR", `Invalid form: files: at most ${maxFiles} files per upload (got ${uploads.length})`, { fields: { files: `at most ${maxFiles} files per upload` }, max_files: maxFiles });
    }
    const oversized = uploads.filter((f) => f.size > maxFileBytes).map((f) => f.name);
    if (oversized.length) {
      throw new HuleEduError("PAYLOAD_TOO_LARGE", `Files larger than ${maxFileBytes} bytes: ${oversized.join(", ")}`, { max_file_bytes: maxFileBytes, files: oversized });
    }

    const { user, correlationId } = c.var;
    const batch = ownedBatch(await bos.getBatch(batch_id, correlationId), user.userId, batch_id);
    assertAcceptsFiles(batch_id, batch.status);
    const answer = await files.uploadBatchFiles({ batchId: batch_id, userId: user.userId, files: uploads, correlationId, idempotencyKey: idempotencyKey(c) });
    const results = answer.files.map((f) => ({
      file_name: f.file_name,
      accepted: f.status === "accepted",
      ...(f.file_upload_id ? { file_upload_id: f.file_upload_id } : {}),
      ...(f.error_code ? { error_code: f.error_code } : {}),
      ...(f.message ? { message: f.message } : {}),
    }));
    logger.info("batch files uploaded", {
      batch_id, user_id: user.userId, correlation_id: correlationId,
      accepted: results.filter((r) => r.accepted).length, rejected: results.filter((r) => !r.accepted).length,
    });
    return c.json({ batch_id, files: results }, 202);
  });
}
