import { AsyncLocalStorage } from "node:async_hooks";

/** A W3C trace context: the trace every service's logs share, and this service's span in it. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  flags: string;
}

export const TRACEPARENT_HEADER = "traceparent";
const store = new AsyncLocalStorage<TraceContext>();
const HEX = /^[0-9a-f]+$/;

const randomHex = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
const nonZero = (hex: string) => /[1-9a-f]/.test(hex);

/**
 * Read a `traceparent` header (W3C Trace Context): `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`;
 * undefined when malformed. Versions above 00 are read by their first four fields; ff is invalid.
 * @example parseTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
 */
export function parseTraceparent(header: string | undefined | null): TraceContext | undefined {
  if (!header) return undefined;
  const parts = header.trim().split("-");
  const [version, traceId, spanId, flags] = parts;
  if (!version || !traceId || !spanId || !flags) return undefined;
  if (version.length !== 2 || !HEX.test(version) || version === "ff" || (version === "00" && parts.length !== 4)) return undefined;
  if (traceId.length !== 32 || !HEX.test(traceId) || !nonZero(traceId)) return undefined;
  if (spanId.length !== 16 || !HEX.test(spanId) || !nonZero(spanId)) return undefined;
  if (flags.length !== 2 || !HEX.test(flags)) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

/** This service's span: a child of `parent` (same trace), or the root of a new trace. */
export function startSpan(parent?: TraceContext): TraceContext {
  return { traceId: parent?.traceId ?? randomHex(16), spanId: randomHex(8), flags: parent?.flags ?? "01" };
}

/** Run `work` inside a trace context; everything it awaits sees it (AsyncLocalStorage). */
export function runInTrace<T>(context: TraceContext, work: () => T): T {
  return store.run(context, work);
}

export function currentTrace(): TraceContext | undefined {
  return store.getStore();
}

/**
 * Headers that carry the current trace to an outgoing HTTP call (none outside a trace).
 * @example fetch(url, { headers: { ...traceHeaders(), "X-Correlation-ID": id } })
 */
export function traceHeaders(): Record<string, string> {
  const context = store.getStore();
  return context ? { [TRACEPARENT_HEADER]: formatTraceparent(context) } : {};
}

/** The envelope metadata fields that carry the current trace into an event. */
export function traceMetadata(): { traceparent: string; trace_id: string; span_id: string } | undefined {
  const context = store.getStore();
  return context ? { traceparent: formatTraceparent(context), trace_id: context.traceId, span_id: context.spanId } : undefined;
}
