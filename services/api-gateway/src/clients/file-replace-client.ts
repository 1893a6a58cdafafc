import { FileReplacementResponseSchema, type FileReplacementResponse } from "@shared/contracts/file-upload.ts";
import type { Upstream } from "./upstream.ts";

/** Replace one accepted file; undefined when the file service holds no such file of this batch for the user. */
export function createFileReplaceClient(upstream: Upstream, timeoutMs: number) {
  return {
    async replaceFile(input: { batchId: string; fileId: string; userId: string; file: File; correlationId: string }): Promise<FileReplacementResponse | undefined> {
      const form = new FormData();
      form.set("file", input.file, input.file.name);
      const answer = await upstream.call({
        method: "PUT", path: `/internal/v1/batches/${encodeURIComponent(input.batchId)}/files/${encodeURIComponent(input.fileId)}`,
        body: form, correlationId: input.correlationId, headers: { "X-User-ID": input.userId }, timeoutMs,
      });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, input.correlationId);
      return upstream.parse(FileReplacementResponseSchema, answer, input.correlationId);
    },
  };
}
