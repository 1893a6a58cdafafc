import { HuleEduError } from "@shared/contracts/errors.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";

/** A text that can never be fetched (unknown id, empty text) versus a text we have. */
export type FetchedText = { kind: "found"; text: string } | { kind: "missing"; reason: "content_not_found" | "empty_text" | "content_unavailable" };

export interface ContentClientOptions {
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
}

/**
 * Reads texts from the content service. A 404 (or a malformed id, 400) is a permanent miss; any
 * other failure or a timeout throws so the event is retried.
 */
export function createContentClient(options: ContentClientOptions) {
  const { baseUrl, internalApiKey, timeoutMs } = options;
  return {
    async fetchText(storageId: string, correlationId: string): Promise<FetchedText> {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/v1/content/${encodeURIComponent(storageId)}`, {
          headers: { [INTERNAL_KEY_HEADER]: internalApiKey, "X-Correlation-ID": correlationId },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
        throw new HuleEduError(timedOut ? "TIMEOUT" : "EXTERNAL_SERVICE_ERROR", `content service unreachable: ${err instanceof Error ? err.message : String(err)}`, { storage_id: storageId });
      }
      if (res.status === 404 || res.status === 400) {
        await res.body?.cancel();
        return { kind: "missing", reason: "content_not_found" };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new HuleEduError("EXTERNAL_SERVICE_ERROR", `content service answered ${res.status}`, { storage_id: storageId, status: res.status });
      }
      const text = await res.text();
      return text.trim().length === 0 ? { kind: "missing", reason: "empty_text" } : { kind: "found", text };
    },
  };
}
export type ContentClient = ReturnType<typeof createContentClient>;
