import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { startFakeAnthropic } from "../../../tests/fakes/anthropic-server.ts";
import type { ComparisonTask } from "../src/domain/comparison.ts";
import { ProviderError, RateLimitError, TruncatedAnswerError, UnparseableAnswerError } from "../src/domain/errors.ts";
import { createAnthropicProvider } from "../src/providers/anthropic.ts";
import type { VendorProviderConfig } from "../src/providers/vendor-provider.ts";
import { GOOD, PHONE_INSTRUCTIONS, PHONE_PROMPT, STRONG } from "./fixtures/essays.ts";
import { INVENTED_QUOTE_JSON, VENDOR_FEEDBACK_JSON } from "./fixtures/vendor-feedback.ts";

const fake = startFakeAnthropic({ apiKey: "test-key" });
afterAll(() => fake.stop());
beforeEach(() => {
  fake.hits.length = 0;
  fake.setDefault({ kind: "verdict" });
});

const task: ComparisonTask = {
  essay_a: { id: "a", text: GOOD },
  essay_b: { id: "b", text: STRONG },
  prompt_text: PHONE_PROMPT,
  instructions: PHONE_INSTRUCTIONS,
  language: "en",
};

function client(overrides: Partial<VendorProviderConfig> = {}) {
  return createAnthropicProvider({
    apiKey: "test-key",
    baseUrl: fake.url,
    model: "claude-3-5-haiku-20241022",
    retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 4, maxTotalMs: 10_000 },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("Anthropic client against the fake Messages API", () => {
  test("sends a well-formed request and returns verdict, usage, cost, latency and rate-limit headers", async () => {
    fake.enqueue({
      kind: "verdict",
      winner: "essay_b",
      confidence: 0.83,
      justification: "B argues more clearly.",
      usage: { input_tokens: 1200, output_tokens: 60 },
      headers: {
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "49",
        "anthropic-ratelimit-requests-reset": "2030-01-01T00:00:00Z",
        "anthropic-ratelimit-tokens-remaining": "39000",
        "anthropic-ratelimit-tokens-reset": "2030-01-01T00:00:01Z",
      },
    });
    const call = await client().compare(task, { maxTokens: 300, temperature: 0 });
    expect(call.result).toEqual({ winner: "essay_b", justification: "B argues more clearly.", confidence: 0.83 });
    expect(call.provider).toBe("anthropic");
    expect(call.model).toBe("claude-3-5-haiku-20241022");
    expect(call.usage).toEqual({ input_tokens: 1200, output_tokens: 60 });
    expect(call.costUsd).toBeCloseTo((1200 * 0.8 + 60 * 4) / 1e6, 12);
    expect(call.attempts).toBe(1);
    expect(call.latencyMs).toBeGreaterThanOrEqual(0);
    expect(call.rateLimits).toEqual({
      requestsLimit: 50,
      requestsRemaining: 49,
      requestsResetAt: Date.parse("2030-01-01T00:00:00Z"),
      tokensRemaining: 39000,
      tokensResetAt: Date.parse("2030-01-01T00:00:01Z"),
    });
    expect(call.rateLimitHeaders["anthropic-ratelimit-requests-remaining"]).toBe("49");

    const [hit] = fake.hits;
    expect(hit?.headers["x-api-key"]).toBe("test-key");
    expect(hit?.headers["anthropic-version"]).toBe("2023-06-01");
    const body = hit?.body as { model: string; max_tokens: number; temperature: number; system: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe("claude-3-5-haiku-20241022");
    expect(body.max_tokens).toBe(300);
    expect(body.temperature).toBe(0);
    expect(body.system).toContain("comparative judgement");
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]?.role).toBe("user");
    expect(body.messages[0]?.content).toContain(STRONG.slice(0, 60));
  });

  test("a 429 with Retry-After is waited out before the retry", async () => {
    fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 1 }, { kind: "verdict", winner: "essay_a" });
    const call = await client().compare(task);
    expect(call.result.winner).toBe("essay_a");
    expect(call.attempts).toBe(2);
    expect(fake.hits.map((h) => h.status)).toEqual([429, 200]);
    const [first, second] = fake.hits;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  test("529 and an overloaded_error body are retried with backoff", async () => {
    fake.enqueue({ kind: "overloaded" }, { kind: "error", status: 200, type: "overloaded_error" }, { kind: "verdict" });
    const call = await client().compare(task);
    expect(call.attempts).toBe(3);
    expect(fake.hits.map((h) => h.status)).toEqual([529, 200, 200]);
  });

  test("5xx is retried; a lasting outage fails retryable after maxAttempts", async () => {
    fake.setDefault({ kind: "overloaded" });
    const error = await failure(client().compare(task));
    expect(error.kind).toBe("overloaded");
    expect(error.retryable).toBe(true);
    expect(error.attempts).toBe(4);
    expect(fake.hits).toHaveLength(4);

    fake.hits.length = 0;
    fake.setDefault({ kind: "verdict" });
    fake.enqueue({ kind: "error", status: 500, type: "api_error" });
    expect((await client().compare(task)).attempts).toBe(2);
  });

  test("stop_reason max_tokens surfaces as a non-retryable error with the spent usage", async () => {
    fake.enqueue({ kind: "max_tokens" });
    const error = await failure(client().compare(task, { maxTokens: 64 }));
    expect(error).toBeInstanceOf(TruncatedAnswerError);
    expect(error.retryable).toBe(false);
    expect(error.details.stop_reason).toBe("max_tokens");
    expect(error.details.usage).toMatchObject({ output_tokens: 64 });
    expect(fake.hits).toHaveLength(1);
  });

  test("an unparseable answer is an error result carrying model, usage and cost", async () => {
    fake.enqueue({ kind: "text", text: "Both essays have merit; I cannot pick one." });
    const error = await failure(client().compare(task));
    expect(error).toBeInstanceOf(UnparseableAnswerError);
    expect(error.provider).toBe("anthropic");
    expect(error.retryable).toBe(false);
    expect(error.details.model).toBe("claude-3-5-haiku-20241022");
    expect(error.details.cost_usd).toBeGreaterThan(0);
    expect(fake.hits).toHaveLength(1);
  });

  test("a Retry-After beyond the total time budget fails fast instead of waiting", async () => {
    fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 30 });
    const started = performance.now();
    const error = await failure(client({ retry: { maxTotalMs: 2_000 } }).compare(task));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test("a wrong API key is an authentication error, not retried", async () => {
    const error = await failure(client({ apiKey: "wrong" }).compare(task));
    expect(error.kind).toBe("authentication");
    expect(error.retryable).toBe(false);
    expect(fake.hits).toHaveLength(1);
  });

  test("a slow answer times out per attempt and is retried", async () => {
    fake.setDefault({ kind: "verdict", delayMs: 400 });
    const error = await failure(client({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 10 } }).compare(task));
    expect(error.kind).toBe("timeout");
    expect(error.attempts).toBe(2);
  });

  test("the caller's abort stops a Retry-After wait", async () => {
    fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("shutting down")), 100);
    const started = performance.now();
    await expect(client().compare(task, { signal: controller.signal })).rejects.toThrow("shutting down");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test("writes structured feedback; a quote the essay does not have is rejected", async () => {
    fake.enqueue({ kind: "text", text: `Here it is:\n${VENDOR_FEEDBACK_JSON}` });
    const call = await client().writeFeedback({
      essay_text: GOOD,
      language: "en",
      corrections: { total: 0, examples: [] },
      metrics: { word_count: 153 },
    });
    expect(call.result.feedback?.focus_areas[0]).toMatchObject({ dimension: "development", rank: 1 });
    const quote = call.result.feedback!.strengths[0]!.quote;
    expect(GOOD.slice(quote.start, quote.end)).toBe("First, phones are distracting.");
    expect(call.result.feedback_text).toContain("Add an example to your second paragraph.");
    expect((fake.hits[0]?.body as { max_tokens: number }).max_tokens).toBe(1024);
    fake.enqueue({ kind: "text", text: INVENTED_QUOTE_JSON });
    const invented = client().writeFeedback({ essay_text: GOOD, language: "en", corrections: { total: 0, examples: [] }, metrics: {} });
    await expect(invented).rejects.toThrow("not in the essay");
  });
});
