import { BatchUploadResponseSchema, type BatchUploadResponse } from "@shared/contracts/file-upload.ts";
import type { Upstream } from "./upstream.ts";

/**
 * File service internal API: `POST /internal/v1/files/batch`, multipart `batch_id` + `files`,
 * headers `X-User-ID` and optional `Idempotency-Key`; answers per file accepted or rejected.
 */
export function createFileServiceClient(upstream: Upstream, uploadTimeoutMs: number) {
  return {
    async uploadBatchFiles(input: { batchId: string; userId: string; files: File[]; correlationId: string; idempotencyKey?: string | undefined }): Promise<BatchUploadResponse> {
      const form = new FormData();
      form.set("batch_id", input.batchId);
      for (const file of input.files) form.append("files", file, file.name);
      const answer = await upstream.call({
        method: "POST", path: "/internal/v1/files/batch", body: form, correlationId: input.correlationId,
        headers: { "X-User-ID": input.userId, ...(input.idempotencyKey ? { "Idempotency-Key": input.idempotencyKey } : {}) }, timeoutMs: uploadTimeoutMs,
      });
      if (answer.status < 200 || answer.status > 299) throw upstream.failure(answer, input.correlationId);
      return upstream.parse(BatchUploadResponseSchema, answer, input.correlationId);
    },
  };
}
export type FileServiceClient = ReturnType<typeof createFileServiceClient>;
