import * as v from "valibot";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";

const StoredContentSchema = v.object({ storage_id: v.pipe(v.string(), v.minLength(1)) });

export interface ContentClientOptions {
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
}

export interface ContentClient {
  /** Store bytes in the content service; its storage id. Throws EXTERNAL_SERVICE_ERROR. */
  store(body: Uint8Array | string, mediaType: string, correlationId: string): Promise<string>;
}

/**
 * Client of the content service's `POST /v1/content`. Every failure (refused, timed out, non-2xx,
 * odd answer) is an EXTERNAL_SERVICE_ERROR: the caller treats it as "try again later".
 * @example const id = await content.store(text, "text/plain; charset=utf-8", correlationId)
 */
export function createContentClient(options: ContentClientOptions): ContentClient {
  const url = `${options.baseUrl}/v1/content`;
  return {
    async store(body, mediaType, correlationId) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          body: body as BodyInit,
          headers: { "Content-Type": mediaType, [INTERNAL_KEY_HEADER]: options.internalApiKey, "X-Correlation-ID": correlationId },
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
      if (!response.ok) {
        await response.body?.cancel();
        throw new HuleEduError("EXTERNAL_SERVICE_ERROR", `The content service answered ${response.status}.`, {
          dependency: "content-service", status: response.status,
        });
      }
      const parsed = v.safeParse(StoredContentSchema, await response.json().catch(() => undefined));
      if (!parsed.success) {
        throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "The content service gave no storage id.", { dependency: "content-service" });
      }
      return parsed.output.storage_id;
    },
  };
}
