import * as v from "valibot";
import { ErrorDetailSchema, HuleEduError } from "../contracts/errors.ts";
import { CORRELATION_HEADER } from "./correlation-id/index.ts";
import { INTERNAL_KEY_HEADER } from "./internal-key/index.ts";
import type { Logger } from "../observability/logger.ts";
import { traceHeaders } from "../observability/trace-context.ts";

export interface InternalClientOptions {
  /** Service name used in errors and logs, e.g. "batch-orchestrator". */
  name: string;
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
  logger: Logger;
}

export interface InternalRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  correlationId: string;
  json?: unknown;
  /** A raw body (multipart form, text or bytes); set its Content-Type in `headers` when it is text or bytes. */
  body?: FormData | string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface InternalAnswer {
  status: number;
  body: unknown;
}

/** An answer as it came: for relays and binary content. */
export interface InternalRawAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer>;
}

/** A raw answer's body as JSON whatever its Content-Type, or undefined when it is not JSON. */
export function jsonOfBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

// Client errors an upstream reports about the request itself; passed on to the caller as they are.
const PASSED_ON = new Set([400, 409, 413, 415, 422]);

/** One internal HTTP dependency: internal key, correlation id, trace context and a timeout on every call. */
export interface InternalClient {
  readonly name: string;
  call(request: InternalRequest): Promise<InternalAnswer>;
  /** The same call, answered with its status, headers and body bytes (read within the timeout). */
  callRaw(request: InternalRequest): Promise<InternalRawAnswer>;
  /** The error to raise for an answer the caller did not expect. */
  failure(answer: InternalAnswer, correlationId: string): HuleEduError;
  /** Validate an answer body, or EXTERNAL_SERVICE_ERROR when the upstream broke its contract. */
  parse<S extends v.GenericSchema>(schema: S, answer: InternalAnswer, correlationId: string): v.InferOutput<S>;
}

/**
 * The kit's internal HTTP client: X-Internal-API-Key, X-Correlation-ID and traceparent on every call,
 * a timeout (TIMEOUT), unreachable → EXTERNAL_SERVICE_ERROR, the callee's own 4xx errors passed on,
 * and answers validated against their contract schema.
 * @example const bos = createInternalClient({ name: "batch-orchestrator", baseUrl, internalApiKey, timeoutMs: 5000, logger })
 */
export function createInternalClient(options: InternalClientOptions): InternalClient {
  const { name, baseUrl, internalApiKey, timeoutMs, logger } = options;
  const unavailable = (message: string) => new HuleEduError("EXTERNAL_SERVICE_ERROR", message, { upstream: name });

  async function callRaw(request: InternalRequest): Promise<InternalRawAnswer> {
    const headers: Record<string, string> = { [INTERNAL_KEY_HEADER]: internalApiKey, [CORRELATION_HEADER]: request.correlationId, ...traceHeaders(), ...request.headers };
    let body: BodyInit | undefined = request.body;
    if (request.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(request.json);
    }
    const limit = request.timeoutMs ?? timeoutMs;
    try {
      const response = await fetch(`${baseUrl}${request.path}`, { method: request.method, headers, body, signal: AbortSignal.timeout(limit) });
      return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
    } catch (err) {
      const timedOut = err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");
      logger.warn("upstream call failed", { upstream: name, path: request.path, timed_out: timedOut, correlation_id: request.correlationId, error: err instanceof Error ? err.message : String(err) });
      if (timedOut) throw new HuleEduError("TIMEOUT", `${name} did not answer within ${limit} ms`, { upstream: name });
      throw unavailable(`${name} is unavailable`);
    }
  }

  return {
    name,
    callRaw,
    async call(request) {
      const answer = await callRaw(request);
      const text = new TextDecoder().decode(answer.bytes);
      let parsed: unknown = text;
      if ((answer.headers.get("Content-Type") ?? "").includes("json") && text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: answer.status, body: parsed };
    },
    failure(answer, correlationId) {
      const detail = v.safeParse(ErrorDetailSchema, answer.body);
      if (PASSED_ON.has(answer.status) && detail.success) {
        return new HuleEduError(detail.output.error_code, detail.output.message, { ...detail.output.details, upstream: name });
      }
      logger.error("unexpected upstream answer", { upstream: name, status: answer.status, correlation_id: correlationId, body: typeof answer.body === "string" ? answer.body.slice(0, 500) : answer.body });
      return unavailable(`${name} answered with status ${answer.status}`);
    },
    parse(schema, answer, correlationId) {
      const result = v.safeParse(schema, answer.body);
      if (result.success) return result.output;
      logger.error("upstream broke its contract", { upstream: name, status: answer.status, correlation_id: correlationId, issues: result.issues.map((i) => `${v.getDotPath(i) ?? ""}: ${i.message}`) });
      throw unavailable(`${name} sent an answer that does not match its contract`);
    },
  };
}
