import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { startFakeAnthropic } from "../../../tests/fakes/anthropic-server.ts";
import type { ComparisonTask } from "../src/domain/comparison.ts";
import { createAnthropicProvider } from "../src/providers/anthropic.ts";
import { RedisRateLimiter, type RedisRateLimiterOptions } from "../src/rate-limit/redis-rate-limiter.ts";
import { GOOD, PHONE_INSTRUCTIONS, PHONE_PROMPT, STRONG } from "./fixtures/essays.ts";
import { maxInAnyWindow } from "./windows.ts";

let redis: TestRedis;
const fake = startFakeAnthropic({ apiKey: "k" });
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await fake.stop();
  await redis.stop();
});

const task: ComparisonTask = {
  essay_a: { id: "a", text: GOOD },
  essay_b: { id: "b", text: STRONG },
  prompt_text: PHONE_PROMPT,
  instructions: PHONE_INSTRUCTIONS,
  language: "en",
};

// Bun's default per-test timeout is 5 s; these bursts take several seconds by design.

/** Two "processes": separate Redis connections and separate clients sharing one limiter scope. */
function processes(limits: Omit<RedisRateLimiterOptions, "scope" | "provider">, scope: string) {
  return [0, 1].map(() =>
    createAnthropicProvider({
      apiKey: "k",
      baseUrl: fake.url,
      model: "claude-3-5-haiku-20241022",
      gate: new RedisRateLimiter(redis.client(), { scope, provider: "anthropic", ...limits }),
    }),
  );
}

async function burst(n: number, clients: ReturnType<typeof processes>) {
  fake.hits.length = 0;
  const calls = await Promise.all(Array.from({ length: n }, (_, i) => clients[i % clients.length]?.compare(task)));
  const ok = fake.hits.filter((h) => h.status === 200);
  return { calls, times: ok.map((h) => h.at), tokens: ok.map((h) => (h.usage?.input_tokens ?? 0) + (h.usage?.output_tokens ?? 0)) };
}

describe("a burst of 100 comparisons against the fake Anthropic server", () => {
  test("without a limiter the burst arrives at once (the check below can fail)", async () => {
    const unlimited = createAnthropicProvider({ apiKey: "k", baseUrl: fake.url });
    fake.hits.length = 0;
    await Promise.all(Array.from({ length: 100 }, () => unlimited.compare(task)));
    expect(maxInAnyWindow(fake.hits.map((h) => h.at), 1_000)).toBeGreaterThan(20);
  });

  test("the request bucket holds: no 1 s window at the server sees more than 20 requests", async () => {
    const { calls, times } = await burst(100, processes({ requestsPerWindow: 20, requestBurst: 5, windowMs: 1_000 }, "burst-rpm"));
    expect(calls.every((c) => c?.result.winner === "essay_a")).toBe(true);
    expect(times).toHaveLength(100);
    expect(maxInAnyWindow(times, 1_000)).toBeLessThanOrEqual(20);
    // Not starved either: 5 at once, then 15 per second, so about 6.3 s for 100.
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(8_000);
  }, 30_000);

  test("the token bucket holds: no 1 s window at the server sees more than 12,000 tokens", async () => {
    const limits = { requestsPerWindow: 1_000, requestBurst: 100, tokensPerWindow: 12_000, tokenBurst: 4_000, windowMs: 1_000 };
    const { times, tokens } = await burst(40, processes(limits, "burst-tpm"));
    expect(times).toHaveLength(40);
    const perCall = Math.max(...tokens);
    expect(perCall).toBeGreaterThan(500);
    expect(maxInAnyWindow(times, 1_000, tokens)).toBeLessThanOrEqual(12_000);
    // Tokens were the binding limit: the requests alone would have allowed all 40 in one window.
    expect(maxInAnyWindow(times, 1_000)).toBeLessThan(40);
  }, 30_000);

  test("a 429 seen by one process pauses the other for the Retry-After", async () => {
    const [first, second] = processes({ requestsPerWindow: 100, requestBurst: 50, windowMs: 1_000 }, "burst-pause");
    fake.hits.length = 0;
    fake.enqueue({ kind: "rate_limited", retryAfterSeconds: 1 });
    const one = first?.compare(task);
    await Bun.sleep(100);
    const two = second?.compare(task);
    await Promise.all([one, two]);
    const [refused, ...later] = fake.hits;
    expect(refused?.status).toBe(429);
    expect(later).toHaveLength(2);
    for (const hit of later) expect(hit.at - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });
});
