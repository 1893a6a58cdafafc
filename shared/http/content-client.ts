import * as v from "valibot";
import { StoredContentResponseSchema } from "../contracts/content.ts";
import { HuleEduError } from "../contracts/errors.ts";
import { createLogger, type Logger } from "../observability/logger.ts";
import { createInternalClient, jsonOfBytes, type InternalRawAnswer, type InternalRequest } from "./internal-client.ts";

const DEPENDENCY = { dependency: "content-service" } as const;
const PLAIN_TEXT = "text/plain; charset=utf-8";

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
  /** Where failed calls are logged; silent when not given. */
  logger?: Logger;
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

const silent = createLogger("content-client", { write: () => undefined });

/**
 * Client of the content service (`GET /v1/content/{id}`, `POST /v1/content`) on the kit's internal
 * client: internal key, correlation id, trace context and a timeout on every call.
 * @example const text = await content.fetchText(data.text_storage_id, envelope.correlation_id)
 */
export function createContentClient(options: ContentClientOptions): ContentClient {
  const { baseUrl, internalApiKey, timeoutMs, logger = silent } = options;
  const upstream = createInternalClient({ name: "content-service", baseUrl, internalApiKey, timeoutMs, logger });

  /** One call; the internal client's TIMEOUT / unreachable become ContentUnavailableError. */
  async function call(request: InternalRequest): Promise<InternalRawAnswer> {
    try {
      return await upstream.callRaw(request);
    } catch (err) {
      if (!(err instanceof HuleEduError)) throw err;
      if (err.code === "TIMEOUT") throw new ContentUnavailableError("TIMEOUT", `The content service did not answer within ${timeoutMs} ms`, DEPENDENCY);
      throw new ContentUnavailableError("EXTERNAL_SERVICE_ERROR", "The content service could not be reached", DEPENDENCY);
    }
  }

  const ok = (answer: InternalRawAnswer) => answer.status >= 200 && answer.status < 300;
  const unexpected = (answer: InternalRawAnswer) =>
    new ContentUnavailableError("EXTERNAL_SERVICE_ERROR", `The content service answered ${answer.status}`, { ...DEPENDENCY, status: answer.status });

  async function fetchBytes(storageId: string, correlationId: string): Promise<Uint8Array> {
    const answer = await call({ method: "GET", path: `/v1/content/${encodeURIComponent(storageId)}`, correlationId });
    if (answer.status === 404 || answer.status === 400) throw new ContentNotFoundError(storageId);
    if (!ok(answer)) throw unexpected(answer);
    return answer.bytes;
  }

  async function store(body: Uint8Array<ArrayBuffer> | string, mediaType: string, correlationId: string): Promise<string> {
    const answer = await call({ method: "POST", path: "/v1/content", body, headers: { "Content-Type": mediaType }, correlationId });
    if (!ok(answer)) throw unexpected(answer);
    const parsed = v.safeParse(StoredContentResponseSchema, jsonOfBytes(answer.bytes));
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
