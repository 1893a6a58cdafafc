import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { startFakeOpenAi } from "../../../tests/fakes/openai-server.ts";
import type { ComparisonTask } from "../src/domain/comparison.ts";
import { ProviderError, TruncatedAnswerError, UnparseableAnswerError } from "../src/domain/errors.ts";
import { createOpenAiProvider, resetDuration } from "../src/providers/openai.ts";
import type { VendorProviderConfig } from "../src/providers/vendor-provider.ts";
import { GOOD, PHONE_INSTRUCTIONS, STRONG } from "./fixtures/essays.ts";
import { VENDOR_FEEDBACK_JSON } from "./fixtures/vendor-feedback.ts";

const fake = startFakeOpenAi({ apiKey: "sk-test" });
afterAll(() => fake.stop());
beforeEach(() => {
  fake.hits.length = 0;
  fake.setDefault({ kind: "verdict" });
});

const task: ComparisonTask = {
  essay_a: { id: "a", text: STRONG },
  essay_b: { id: "b", text: GOOD },
  instructions: PHONE_INSTRUCTIONS,
  language: "en",
};

function client(overrides: Partial<VendorProviderConfig> = {}) {
  return createOpenAiProvider({
    apiKey: "sk-test",
    baseUrl: fake.url,
    model: "gpt-4o-mini",
    retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 3, maxTotalMs: 10_000 },
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

describe("OpenAI client against the fake chat completions API", () => {
  test("sends a well-formed request and returns verdict, usage, cost and rate limits", async () => {
    const before = Date.now();
    fake.enqueue({
      kind: "verdict",
      winner: "essay_a",
      confidence: 0.91,
      justification: "A is better developed.",
      usage: { prompt_tokens: 900, completion_tokens: 40 },
      headers: {
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-remaining-requests": "499",
        "x-ratelimit-reset-requests": "120ms",
        "x-ratelimit-remaining-tokens": "199000",
        "x-ratelimit-reset-tokens": "6m0s",
      },
    });
    const call = await client().compare(task);
    expect(call.result).toEqual({ winner: "essay_a", justification: "A is better developed.", confidence: 0.91 });
    expect(call.provider).toBe("openai");
    expect(call.usage).toEqual({ input_tokens: 900, output_tokens: 40 });
    expect(call.costUsd).toBeCloseTo((900 * 0.15 + 40 * 0.6) / 1e6, 12);
    expect(call.rateLimits.requestsLimit).toBe(500);
    expect(call.rateLimits.requestsRemaining).toBe(499);
    expect(call.rateLimits.tokensRemaining).toBe(199000);
    expect(call.rateLimits.tokensResetAt).toBeGreaterThanOrEqual(before + 360_000);

    const [hit] = fake.hits;
    expect(hit?.headers.authorization).toBe("Bearer sk-test");
    const body = hit?.body as {
      model: string;
      max_completion_tokens: number;
      response_format: { type: string };
      messages: { role: string; content: string }[];
    };
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.max_completion_tokens).toBe(512);
    expect(body.response_format).toEqual({ type: "json_object" });
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  test("a 429 with Retry-After is waited out before the retry", async () => {
    fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 1 });
    const call = await client().compare(task);
    expect(call.attempts).toBe(2);
    const [first, second] = fake.hits;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  test("5xx is retried", async () => {
    fake.enqueue({ kind: "error", status: 503, type: "server_error" }, { kind: "error", status: 500, type: "server_error" });
    const call = await client().compare(task);
    expect(call.attempts).toBe(3);
    expect(fake.hits.map((h) => h.status)).toEqual([503, 500, 200]);
  });

  test("an exhausted quota (429 insufficient_quota) is not retried", async () => {
    fake.enqueue({ kind: "quota_exhausted" });
    const error = await failure(client().compare(task));
    expect(error.kind).toBe("quota_exhausted");
    expect(error.retryable).toBe(false);
    expect(fake.hits).toHaveLength(1);
  });

  test('finish_reason "length" surfaces as a non-retryable truncation error', async () => {
    fake.enqueue({ kind: "length" });
    const error = await failure(client().compare(task, { maxTokens: 32 }));
    expect(error).toBeInstanceOf(TruncatedAnswerError);
    expect(error.details.stop_reason).toBe("length");
    expect(error.retryable).toBe(false);
    expect(fake.hits).toHaveLength(1);
  });

  test("an unparseable answer is an error result", async () => {
    fake.enqueue({ kind: "text", text: '{"verdict": "first one"}' });
    const error = await failure(client().compare(task));
    expect(error).toBeInstanceOf(UnparseableAnswerError);
    expect(error.provider).toBe("openai");
  });

  test("a bad request is not retried", async () => {
    fake.enqueue({ kind: "error", status: 400, type: "invalid_request_error", message: "bad model" });
    const error = await failure(client().compare(task));
    expect(error.kind).toBe("bad_request");
    expect(error.message).toContain("bad model");
    expect(fake.hits).toHaveLength(1);
  });

  test("asks for feedback as JSON and keeps its structure", async () => {
    fake.enqueue({ kind: "text", text: VENDOR_FEEDBACK_JSON });
    const call = await client().writeFeedback({
      essay_text: GOOD,
      language: "en",
      corrections: { total: 3, examples: [] },
      metrics: {},
    });
    expect(call.result.feedback?.strengths[0]?.quote.text).toBe("First, phones are distracting.");
    expect((fake.hits[0]?.body as Record<string, unknown>).response_format).toEqual({ type: "json_object" });
  });
});

describe("resetDuration", () => {
  test("parses OpenAI's duration strings", () => {
    expect(resetDuration("1s", 0)).toBe(1_000);
    expect(resetDuration("6m0s", 0)).toBe(360_000);
    expect(resetDuration("1h2m3.5s", 0)).toBe(3_723_500);
    expect(resetDuration("20ms", 0)).toBe(20);
    expect(resetDuration("soon", 0)).toBeUndefined();
  });
});
