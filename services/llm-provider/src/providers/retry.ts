import { ProviderError, RateLimitError } from "../domain/errors.ts";

/** How hard to try a vendor call: bounded both in attempts and in total time. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry is started whose wait would end after this much time since the first attempt. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxTotalMs: 120_000,
};

/** Exponential backoff with "equal jitter": half the step fixed, half random, so callers spread out. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Wait before the next attempt: the vendor's Retry-After when it gave one (never less), backoff otherwise. */
export function retryDelay(error: ProviderError, attempt: number, policy: RetryPolicy, random = Math.random): number {
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs + Math.round(random() * Math.min(1_000, error.retryAfterMs * 0.1));
  }
  return backoffDelay(attempt, policy, random);
}

/** Resolve after `ms`, or reject with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface RetryHooks {
  signal?: AbortSignal;
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
}

/**
 * Run `attempt` until it succeeds, throws a non-retryable error, or the policy's attempts or
 * total time run out; the error thrown last carries `attempts`.
 * @example const { value, attempts } = await withRetries((n) => callVendor(n), DEFAULT_RETRY_POLICY)
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<{ value: T; attempts: number }> {
  const started = performance.now();
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      error.attempts = n;
      if (!error.retryable || n >= policy.maxAttempts) throw error;
      const delay = retryDelay(error, n, policy);
      if (performance.now() - started + delay > policy.maxTotalMs) {
        error.details.retry_budget_exhausted = true;
        throw error;
      }
      hooks.onRetry?.(error, n, delay);
      await sleep(delay, hooks.signal);
    }
  }
}
