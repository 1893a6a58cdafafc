import { StoredContentResponseSchema } from "@shared/contracts/content.ts";
import type { Upstream } from "./upstream.ts";

/** Content service: `POST /v1/content` and `GET /v1/content/{storage_id}` (internal key). */
export function createContentClient(upstream: Upstream) {
  return {
    /** Whether the content service holds this storage id (a malformed id holds nothing). */
    async exists(storageId: string, correlationId: string): Promise<boolean> {
      const answer = await upstream.call({ method: "GET", path: `/v1/content/${encodeURIComponent(storageId)}`, correlationId });
      if (answer.status === 200) return true;
      if (answer.status === 404 || answer.status === 400) return false;
      throw upstream.failure(answer, correlationId);
    },
    /** The stored text, or undefined when the content service has none under this id. */
    async fetchText(storageId: string, correlationId: string): Promise<string | undefined> {
      const answer = await upstream.call({ method: "GET", path: `/v1/content/${encodeURIComponent(storageId)}`, correlationId });
      if (answer.status === 404 || answer.status === 400) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body, null, 2);
    },
    /** Store text as `text/plain; charset=utf-8`; returns its storage id. */
    async storeText(text: string, correlationId: string): Promise<string> {
      const answer = await upstream.call({ method: "POST", path: "/v1/content", body: text, headers: { "Content-Type": "text/plain; charset=utf-8" }, correlationId });
      if (answer.status !== 201 && answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(StoredContentResponseSchema, answer, correlationId).storage_id;
    },
  };
}
export type ContentClient = ReturnType<typeof createContentClient>;
