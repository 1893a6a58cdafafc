import * as v from "valibot";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { CORRELATION_HEADER } from "@shared/http/correlation-id/index.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";

const StoredContentSchema = v.object({ storage_id: v.pipe(v.string(), v.minLength(1)) });

/** A stored text, or why there is none (a final answer, not worth a retry). */
export type FetchedText =
  | { readonly found: true; readonly text: string }
  | { readonly found: false; readonly code: "RESOURCE_NOT_FOUND" | "VALIDATION_ERROR"; readonly message: string };

export interface ContentClient {
  /** Fetch a stored text as UTF-8. Throws EXTERNAL_SERVICE_ERROR or TIMEOUT when the service cannot answer. */
  fetchText(storageId: string, correlationId: string): Promise<FetchedText>;
  /** Store a blob; its storage id. Throws EXTERNAL_SERVICE_ERROR or TIMEOUT. */
  store(body: string, mediaType: string, correlationId: string): Promise<string>;
}

/**
 * Client of the content service (`GET /v1/content/{id}`, `POST /v1/content`) with the internal key
 * and a timeout on every call. Missing content is an answer; an unreachable service is thrown.
 */
export function createContentClient(options: { baseUrl: string; internalApiKey: string; timeoutMs: number }): ContentClient {
  const { baseUrl, internalApiKey, timeoutMs } = options;
  const headers = (correlationId: string, extra: Record<string, string> = {}) => ({
    [INTERNAL_KEY_HEADER]: internalApiKey, [CORRELATION_HEADER]: correlationId, ...extra,
  });

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      if (timedOut) throw new HuleEduError("TIMEOUT", `The content service did not answer within ${timeoutMs} ms`, { dependency: "content-service" });
      throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "The content service could not be reached", { dependency: "content-service" });
    }
  }

  const unexpected = (response: Response) =>
    new HuleEduError("EXTERNAL_SERVICE_ERROR", `The content service answered ${response.status}`, { dependency: "content-service", status: response.status });

  return {
    async fetchText(storageId, correlationId) {
      const response = await call(`${baseUrl}/v1/content/${encodeURIComponent(storageId)}`, { headers: headers(correlationId) });
      if (response.status === 404 || response.status === 400) {
        await response.body?.cancel();
        // 400 is the content service refusing a malformed id: no such content either way.
        return { found: false, code: "RESOURCE_NOT_FOUND", message: `No content with storage id ${storageId}` };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw unexpected(response);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      try {
        return { found: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
      } catch {
        return { found: false, code: "VALIDATION_ERROR", message: `Content ${storageId} is not valid UTF-8 text` };
      }
    },

    async store(body, mediaType, correlationId) {
      const response = await call(`${baseUrl}/v1/content`, { method: "POST", body, headers: headers(correlationId, { "Content-Type": mediaType }) });
      if (!response.ok) {
        await response.body?.cancel();
        throw unexpected(response);
      }
      const parsed = v.safeParse(StoredContentSchema, await response.json().catch(() => undefined));
      if (!parsed.success) throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "The content service gave no storage id", { dependency: "content-service" });
      return parsed.output.storage_id;
    },
  };
}
