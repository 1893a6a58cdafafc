import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startFakeAnthropic, type MessagesBody } from "../../../../tests/fakes/anthropic-server.ts";
import type { RunningLps } from "../../src/service.ts";
import { GOOD } from "../fixtures/essays.ts";
import { comparisonRequest, eventually, type Harness, internalHeaders, metricValue, startHarness, waitForResults } from "./harness.ts";

const fake = startFakeAnthropic({ apiKey: "test-key" });
let h: Harness;
let lps: RunningLps;

/** The vendor is chosen by the key alone; the base URL points at the fake. */
const anthropicEnv = {
  ANTHROPIC_API_KEY: "test-key",
  LPS_ANTHROPIC_BASE_URL: fake.url,
  LPS_RETRY_BASE_DELAY_MS: "20",
  LPS_RETRY_MAX_DELAY_MS: "100",
  LPS_REQUESTS_PER_MINUTE: "10000",
  LPS_REQUEST_BURST: "1000",
  LPS_TOKENS_PER_MINUTE: "0",
};

beforeAll(async () => {
  h = await startHarness();
  lps = await h.startLps(anthropicEnv);
});
afterAll(async () => {
  await h.stop();
  await fake.stop();
});
beforeEach(() => {
  fake.hits.length = 0;
  fake.setDefault({ kind: "verdict" });
});

async function submit(overrides: Parameters<typeof comparisonRequest>[0] = {}, url = lps.url) {
  const request = comparisonRequest(overrides);
  const res = await fetch(`${url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(request) });
  expect(res.status).toBe(202);
  return request;
}

async function resultOf(requestId: string, timeoutMs = 10_000) {
  const result = (await waitForResults(h.redis, [requestId], timeoutMs)).get(requestId);
  if (!result) throw new Error("no result");
  return result;
}

const promptOf = (body: unknown) => (body as MessagesBody).messages[0]?.content ?? "";

describe("anthropic through the service (key + base URL from env, fake Messages API)", () => {
  test("setting ANTHROPIC_API_KEY makes anthropic the default; the fake sees the call", async () => {
    expect(lps.defaultProvider).toBe("anthropic");
    fake.enqueue({ kind: "verdict", winner: "essay_b", confidence: 0.9, justification: "B is clearer.", usage: { input_tokens: 1000, output_tokens: 50 } });
    const request = await submit();
    const result = await resultOf(request.request_id);
    expect(fake.hits).toHaveLength(1);
    expect(fake.hits[0]?.headers["x-api-key"]).toBe("test-key");
    expect(promptOf(fake.hits[0]?.body)).toContain("Mobile phones are a big part of our lives");
    expect(result).toMatchObject({
      status: "success", provider: "anthropic", model: "claude-haiku-4-5", winner: "essay_b", confidence: 0.9,
      justification: "B is clearer.", usage: { input_tokens: 1000, output_tokens: 50 }, metadata: request.metadata,
    });
    expect(result.cost_usd).toBeCloseTo((1000 * 1 + 50 * 5) / 1_000_000, 10);
    expect(await metricValue(lps.url, "llm_calls_total", { provider: "anthropic", model: "claude-haiku-4-5", outcome: "success" })).toBe(1);
    expect(await metricValue(lps.url, "llm_tokens_total", { provider: "anthropic", direction: "input" })).toBe(1000);
    expect(await metricValue(lps.url, "llm_cost_usd_total", { provider: "anthropic" })).toBeCloseTo(0.00125, 10);
  });

  test("a 429 with Retry-After is waited out, then the call succeeds", async () => {
    fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 1 }, { kind: "verdict", winner: "essay_a" });
    const request = await submit();
    const result = await resultOf(request.request_id);
    expect(result).toMatchObject({ status: "success", winner: "essay_a" });
    const [refused, accepted] = fake.hits;
    expect(refused?.status).toBe(429);
    expect(accepted?.status).toBe(200);
    expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test("529 overloaded is retried until the vendor answers", async () => {
    fake.enqueue({ kind: "overloaded" }, { kind: "overloaded" }, { kind: "verdict", winner: "essay_b" });
    const request = await submit();
    const result = await resultOf(request.request_id);
    expect(result).toMatchObject({ status: "success", winner: "essay_b" });
    expect(fake.hits.map((hit) => hit.status)).toEqual([529, 529, 200]);
  });

  test("stop_reason max_tokens becomes an error result with the spent usage; the service keeps working", async () => {
    fake.enqueue({ kind: "max_tokens" });
    const truncated = await submit();
    const result = await resultOf(truncated.request_id);
    expect(result).toMatchObject({ status: "error", winner: null, error: { code: "EXTERNAL_SERVICE_ERROR", retryable: false } });
    expect(result.error?.message).toContain("max_tokens");
    expect(result.usage.output_tokens).toBe(512);
    expect(result.cost_usd).toBeGreaterThan(0);
    const next = await submit();
    expect((await resultOf(next.request_id)).status).toBe("success");
  });

  test("an unparseable answer is an error result, not a crash", async () => {
    fake.enqueue({ kind: "text", text: "I would rather not say." });
    const request = await submit();
    const result = await resultOf(request.request_id);
    expect(result).toMatchObject({ status: "error", error: { code: "PROCESSING_ERROR", retryable: false } });
  });

  test("a model missing from the price table reports cost 0 and counts in llm_unpriced_calls_total", async () => {
    const request = await submit({ model_override: "claude-experimental-9" });
    const result = await resultOf(request.request_id);
    expect(result).toMatchObject({ status: "success", model: "claude-experimental-9", cost_usd: 0 });
    expect((fake.hits[0]?.body as MessagesBody).model).toBe("claude-experimental-9");
    expect(await metricValue(lps.url, "llm_unpriced_calls_total", { model: "claude-experimental-9" })).toBe(1);
  });

  test("provider_override local is honoured (the fake sees nothing); openai without a key is an error result", async () => {
    const local = await submit({ provider_override: "local" });
    const openai = await submit({ provider_override: "openai" });
    expect(await resultOf(local.request_id)).toMatchObject({ status: "success", provider: "local" });
    expect(await resultOf(openai.request_id)).toMatchObject({ status: "error", provider: "openai", error: { code: "PROVIDER_NOT_CONFIGURED", retryable: false } });
    expect(fake.hits).toHaveLength(0);
  });
});

describe("the queue: priority and expiry (one worker, held busy by a slow first call)", () => {
  let single: RunningLps;
  beforeAll(async () => {
    single = await h.startLps({ ...anthropicEnv, LPS_CONCURRENCY: "1" });
  });

  const marked = (label: string) => ({ id: `a-${label}`, text: `${GOOD}\n\nMarker ${label}.` });
  const labelOf = (body: unknown) => /Marker (\w+)\./.exec(promptOf(body))?.[1];

  test("waiting requests are called most urgent first, first come first within a priority", async () => {
    fake.enqueue({ kind: "verdict", delayMs: 700 });
    const blocker = await submit({ essay_a: marked("blocker") }, single.url);
    await eventually(() => (fake.hits.length === 1 ? true : undefined));
    const waiting = [
      ["p7", 7], ["p3", 3], ["p5first", 5], ["p9", 9], ["p0", 0], ["p5second", 5],
    ] as const;
    const requests = [];
    for (const [label, priority] of waiting) requests.push(await submit({ essay_a: marked(label), priority }, single.url));
    await waitForResults(h.redis, [blocker.request_id, ...requests.map((r) => r.request_id)]);
    expect(fake.hits.map((hit) => labelOf(hit.body))).toEqual(["blocker", "p0", "p3", "p5first", "p5second", "p7", "p9"]);
  });

  test("a request that expires while it waits is answered EXPIRED and never called", async () => {
    fake.enqueue({ kind: "verdict", delayMs: 800 });
    const blocker = await submit({ essay_a: marked("slow") }, single.url);
    await eventually(() => (fake.hits.length === 1 ? true : undefined));
    const doomed = await submit({ essay_a: marked("doomed"), priority: 0, expires_at: new Date(Date.now() + 200).toISOString() }, single.url);
    const result = await resultOf(doomed.request_id, 3_000);
    expect(result).toMatchObject({ status: "error", error: { code: "EXPIRED", retryable: false }, metadata: doomed.metadata });
    expect((await resultOf(blocker.request_id)).status).toBe("success");
    await Bun.sleep(200);
    expect(fake.hits.map((hit) => labelOf(hit.body))).toEqual(["slow"]);
    const state = (await (await fetch(`${single.url}/v1/requests/${doomed.request_id}`, { headers: internalHeaders() })).json()) as { status: string };
    expect(state.status).toBe("expired");
  });
});
