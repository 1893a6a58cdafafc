import type { Upstream } from "./upstream.ts";

/** Content service: `GET /v1/content/{storage_id}` (internal key). */
export function createContentClient(upstream: Upstream) {
  return {
    /** Whether the content service holds this storage id (a malformed id holds nothing). */
    async exists(storageId: string, correlationId: string): Promise<boolean> {
      const answer = await upstream.call({ method: "GET", path: `/v1/content/${encodeURIComponent(storageId)}`, correlationId });
      if (answer.status === 200) return true;
      if (answer.status === 404 || answer.status === 400) return false;
      throw upstream.failure(answer, correlationId);
    },
  };
}
export type ContentClient = ReturnType<typeof createContentClient>;
