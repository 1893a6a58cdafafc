import * as v from "valibot";
import { HuleEduError } from "../contracts/errors.ts";
import { CORRELATION_HEADER } from "./correlation-id/index.ts";
import { INTERNAL_KEY_HEADER } from "./internal-key/index.ts";
import { traceHeaders } from "../observability/trace-context.ts";

const DEPENDENCY = { dependency: "content-service" } as const;
const PLAIN_TEXT = "text/plain; charset=utf-8";
const StoredContentSchema = v.object({ storage_id: v.pipe(v.string(), v.minLength(1)) });

/** Asking again will not help: a final answer the caller reports instead of retrying. */
export class UnusableContentError extends HuleEduError {}

/** Nothing is stored under the id (404, or 400 for a malformed id). */
export class ContentNotFoundError extends UnusableContentError {
  constructor(readonly storageId: string) {
    super("RESOURCE_NOT_FOUND", `No content with storage id ${storageId}`, { storage_id: storageId });
  }
}

/** The stored bytes are not valid UTF-8 text. */
export class ContentNotTextError extends UnusableContentError {
  constructor(readonly storageId: string) {
    super("VALIDATION_ERROR", `Content ${storageId} is not valid UTF-8 text`, { storage_id: storageId });
  }
}

/** The content service could not answer (unreachable, timed out, failed, odd answer): worth a retry. */
export class ContentUnavailableError extends HuleEduError {}

export interface ContentClientOptions {
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
}

export interface ContentClient {
  /** The stored bytes. Throws ContentNotFoundError or ContentUnavailableError. */
  fetchBytes(storageId: string, correlationId: string): Promise<Uint8Array>;
  /**
   * The stored bytes as UTF-8. `fatal: false` replaces bad bytes with U+FFFD (as `Response.text()`);
   * by default they are a ContentNotTextError.
   */
  fetchText(storageId: string, correlationId: string, options?: { fatal?: boolean }): Promise<string>;
  /** Store bytes with their media type; the storage id. Throws ContentUnavailableError. */
  storeBytes(body: Uint8Array, mediaType: string, correlationId: string): Promise<string>;
  /** Store text as `text/plain; charset=utf-8`. */
  storeText(text: string, correlationId: string): Promise<string>;
  /** Store a value as `application/json`. */
  storeJson(value: unknown, correlationId: string): Promise<string>;
}

/**
 * Client of the content service (`GET /v1/content/{id}`, `POST /v1/content`), sending the internal
 * key and correlation id, with a timeout on every call.
 * @example const text = await content.fetchText(data.text_storage_id, envelope.correlation_id)
 */
export function createContentClient(options: ContentClientOptions): ContentClient {
  const { baseUrl, internalApiKey, timeoutMs } = options;
  const headers = (correlationId: string, extra: Record<string, string> = {}) => ({
    [INTERNAL_KEY_HEADER]: internalApiKey, [CORRELATION_HEADER]: correlationId, ...traceHeaders(), ...extra,
  });

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      if (timedOut) throw new ContentUnavailableError("TIMEOUT", `The content service did not answer within ${timeoutMs} ms`, DEPENDENCY);
      throw new ContentUnavailableError("EXTERNAL_SERVICE_ERROR", "The content service could not be reached", DEPENDENCY);
    }
  }

  async function unexpected(response: Response): Promise<ContentUnavailableError> {
    await response.body?.cancel();
    return new ContentUnavailableError("EXTERNAL_SERVICE_ERROR", `The content service answered ${response.status}`, { ...DEPENDENCY, status: response.status });
  }

  async function fetchBytes(storageId: string, correlationId: string): Promise<Uint8Array> {
    const response = await call(`${baseUrl}/v1/content/${encodeURIComponent(storageId)}`, { headers: headers(correlationId) });
    if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      throw new ContentNotFoundError(storageId);
    }
    if (!response.ok) throw await unexpected(response);
    return new Uint8Array(await response.arrayBuffer());
  }

  async function store(body: BodyInit, mediaType: string, correlationId: string): Promise<string> {
    const response = await call(`${baseUrl}/v1/content`, { method: "POST", body, headers: headers(correlationId, { "Content-Type": mediaType }) });
    if (!response.ok) throw await unexpected(response);
    const parsed = v.safeParse(StoredContentSchema, await response.json().catch(() => undefined));
    if (!parsed.success) throw new ContentUnavailableError("EXTERNAL_SERVICE_ERROR", "The content service gave no storage id", DEPENDENCY);
    return parsed.output.storage_id;
  }

  return {
    fetchBytes,
    async fetchText(storageId, correlationId, { fatal = true } = {}) {
      const bytes = await fetchBytes(storageId, correlationId);
      try {
        return new TextDecoder("utf-8", { fatal }).decode(bytes);
      } catch {
        throw new ContentNotTextError(storageId);
      }
    },
    storeBytes: (body, mediaType, correlationId) => store(body as Uint8Array<ArrayBuffer>, mediaType, correlationId),
    storeText: (text, correlationId) => store(text, PLAIN_TEXT, correlationId),
    storeJson: (value, correlationId) => store(JSON.stringify(value), "application/json", correlationId),
  };
}
