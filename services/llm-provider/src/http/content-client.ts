import { HuleEduError } from "@shared/contracts/errors.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";
import { traceHeaders } from "@shared/observability/trace-context.ts";

/** The content service has no such storage id: asking again will not help. */
export class ContentMissingError extends Error {
  override readonly name = "ContentMissingError";
  constructor(readonly storageId: string) {
    super(`No content with storage id ${storageId}`);
  }
}

export interface ContentClientOptions {
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
}

export interface ContentClient {
  /**
   * The text stored under `storageId`.
   * @throws ContentMissingError for 404; HuleEduError EXTERNAL_SERVICE_ERROR for anything transient.
   */
  fetchText(storageId: string, correlationId: string): Promise<string>;
}

/**
 * Client of the content service's `GET /v1/content/{storage_id}`.
 * @example const text = await content.fetchText(essay.text_storage_id, correlationId)
 */
export function createContentClient(options: ContentClientOptions): ContentClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async fetchText(storageId, correlationId) {
      let response: Response;
      try {
        response = await fetch(`${base}/v1/content/${encodeURIComponent(storageId)}`, {
          headers: { [INTERNAL_KEY_HEADER]: options.internalApiKey, "X-Correlation-ID": correlationId, ...traceHeaders() },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && err.name === "TimeoutError";
        throw new HuleEduError(
          "EXTERNAL_SERVICE_ERROR",
          timedOut ? `The content service did not answer within ${options.timeoutMs} ms.` : "The content service could not be reached.",
          { dependency: "content-service", reason: timedOut ? "timeout" : "unreachable" },
        );
      }
      // 400 is the content service refusing a malformed id: no such content either.
      if (response.status === 404 || response.status === 400) {
        await response.body?.cancel();
        throw new ContentMissingError(storageId);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new HuleEduError("EXTERNAL_SERVICE_ERROR", `The content service answered ${response.status}.`, {
          dependency: "content-service", status: response.status,
        });
      }
      return await response.text();
    },
  };
}
