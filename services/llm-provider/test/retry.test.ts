import { describe, expect, test } from "bun:test";
import { ProviderError, RateLimitError } from "../src/domain/errors.ts";
import { backoffDelay, type RetryPolicy, retryDelay, withRetries } from "../src/providers/retry.ts";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 50, maxTotalMs: 5_000 };
const retryable = () => new ProviderError("boom", { kind: "server_error", retryable: true, provider: "anthropic", status: 500 });

describe("backoff", () => {
  test("doubles per attempt with jitter in [step/2, step], capped at maxDelayMs", () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(10);
    expect(backoffDelay(1, policy, () => 1)).toBe(20);
    expect(backoffDelay(2, policy, () => 1)).toBe(40);
    expect(backoffDelay(3, policy, () => 1)).toBe(50);
    expect(backoffDelay(9, policy, () => 0)).toBe(25);
  });

  test("a Retry-After is never shortened", () => {
    const error = new RateLimitError("openai", 1_500);
    for (const r of [0, 0.5, 1]) expect(retryDelay(error, 1, policy, () => r)).toBeGreaterThanOrEqual(1_500);
    expect(retryDelay(new RateLimitError("openai", undefined), 1, policy, () => 1)).toBe(20);
  });
});

describe("withRetries", () => {
  test("retries retryable errors and reports the attempts", async () => {
    let calls = 0;
    const { value, attempts } = await withRetries(async () => {
      if (++calls < 3) throw retryable();
      return "ok";
    }, policy);
    expect(value).toBe("ok");
    expect(attempts).toBe(3);
  });

  test("stops at maxAttempts and throws the last error with its attempt count", async () => {
    let calls = 0;
    const error = await withRetries(async () => {
      calls++;
      throw retryable();
    }, policy).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).attempts).toBe(4);
  });

  test("does not retry a non-retryable error or a foreign exception", async () => {
    let calls = 0;
    const fatal = new ProviderError("bad", { kind: "bad_request", retryable: false, provider: "openai" });
    await expect(withRetries(async () => { calls++; throw fatal; }, policy)).rejects.toBe(fatal);
    await expect(withRetries(async () => { calls++; throw new TypeError("bug"); }, policy)).rejects.toThrow("bug");
    expect(calls).toBe(2);
  });

  test("gives up at once when the next wait would overrun the total time budget", async () => {
    const started = performance.now();
    const error = (await withRetries(async () => {
      throw new RateLimitError("anthropic", 60_000);
    }, policy).catch((e: unknown) => e)) as ProviderError;
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.details.retry_budget_exhausted).toBe(true);
    expect(error.attempts).toBe(1);
  });

  test("an abort during the wait ends the loop with the abort reason", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("cancelled")), 30);
    const slow: RetryPolicy = { ...policy, baseDelayMs: 10_000, maxDelayMs: 10_000, maxTotalMs: 60_000 };
    await expect(withRetries(async () => { throw retryable(); }, slow, { signal: controller.signal })).rejects.toThrow("cancelled");
  });
});
