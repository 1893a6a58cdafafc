import { type ProviderName, ProviderError, RateLimitError } from "../domain/errors.ts";

/** A vendor's HTTP answer, body parsed as JSON when it is JSON. */
export interface VendorResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * POST a JSON body. Network failures and timeouts become retryable ProviderErrors; an abort by
 * the caller's signal is rethrown as is (it must not be retried).
 */
export async function postJson(
  provider: ProviderName,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<VendorResponse> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: combined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: parseJsonOrText(text) };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) {
      throw new ProviderError(`${provider} did not answer within ${timeoutMs} ms`, { kind: "timeout", retryable: true, provider });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ProviderError(`${provider} unreachable: ${message}`, { kind: "network", retryable: true, provider });
  }
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Retry-After as milliseconds: `retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Headers whose names start with one of the prefixes, lower-cased. */
export function headersWithPrefix(headers: Headers, prefixes: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (prefixes.some((p) => lower.startsWith(p))) picked[lower] = value;
  });
  return picked;
}

/** A number from a header, or undefined. */
export function numericHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The typed error for a non-2xx answer: 429 is a RateLimitError, 408/5xx/529/overloaded are
 * retryable, other 4xx are not.
 */
export function errorForStatus(
  provider: ProviderName,
  res: VendorResponse,
  vendorType: string | undefined,
  vendorMessage: string | undefined,
): ProviderError {
  const status = res.status;
  const message = `${provider} answered ${status}${vendorType ? ` ${vendorType}` : ""}: ${vendorMessage ?? "no message"}`;
  const init = { provider, status, details: { vendor_error_type: vendorType } };
  if (status === 429) return new RateLimitError(provider, parseRetryAfter(res.headers), message, status);
  if (status === 529 || vendorType === "overloaded_error") return new ProviderError(message, { ...init, kind: "overloaded", retryable: true });
  if (status === 408) return new ProviderError(message, { ...init, kind: "timeout", retryable: true });
  if (status >= 500) return new ProviderError(message, { ...init, kind: "server_error", retryable: true });
  if (status === 401 || status === 403) return new ProviderError(message, { ...init, kind: "authentication", retryable: false });
  return new ProviderError(message, { ...init, kind: "bad_request", retryable: false });
}
