import type { Logger } from "../observability/logger.ts";
import { createInternalClient } from "../http/internal-client.ts";
import { ContentErasureResponseSchema } from "../contracts/content-erasure.ts";

export interface ContentEraser {
  /** Erase these blobs (unknown ids are fine: erasure is idempotent); the number actually erased. */
  erase(storageIds: readonly string[], correlationId: string): Promise<number>;
}

/**
 * Client of the content service's `POST /v1/content/erasures`. Throws on an outage, so the
 * erasure handler's event is retried rather than acknowledged with blobs left behind.
 */
export function createContentEraser(options: { baseUrl: string; internalApiKey: string; timeoutMs: number; logger: Logger }): ContentEraser {
  const client = createInternalClient({ name: "content-service", ...options });
  return {
    async erase(storageIds, correlationId) {
      const ids = [...new Set(storageIds.filter((id) => id.length > 0))];
      let erased = 0;
      for (let i = 0; i < ids.length; i += 1000) {
        const answer = await client.call({ method: "POST", path: "/v1/content/erasures", json: { storage_ids: ids.slice(i, i + 1000) }, correlationId });
        if (answer.status !== 200) throw client.failure(answer, correlationId);
        erased += client.parse(ContentErasureResponseSchema, answer, correlationId).erased;
      }
      return erased;
    },
  };
}
