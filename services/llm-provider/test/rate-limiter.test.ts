import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { RateLimitError } from "../src/domain/errors.ts";
import { shapeBuckets } from "../src/rate-limit/limits.ts";
import { RedisRateLimiter, type RedisRateLimiterOptions } from "../src/rate-limit/redis-rate-limiter.ts";
import { maxInAnyWindow } from "./windows.ts";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

let scopes = 0;
/** A limiter on its own Redis connection, as a separate process would have. */
function limiter(options: Omit<RedisRateLimiterOptions, "scope" | "provider"> & { scope?: string }) {
  return new RedisRateLimiter(redis.client(), { scope: `test-${++scopes}`, provider: "anthropic", ...options });
}

describe("shapeBuckets", () => {
  test("fills defaults: even pacing, a fifth of the token limit as burst, one-minute window", () => {
    expect(shapeBuckets({ requestsPerWindow: 50, tokensPerWindow: 40_000 })).toEqual({
      requestLimit: 50,
      requestBurst: 1,
      tokenLimit: 40_000,
      tokenBurst: 8_000,
      windowMs: 60_000,
      minGapMs: 0,
      maxWaitMs: 300_000,
    });
  });

  test("rejects shapes that could not keep the per-window promise", () => {
    expect(() => shapeBuckets({ requestsPerWindow: 1 })).toThrow(RangeError);
    expect(() => shapeBuckets({ requestsPerWindow: 10, requestBurst: 10 })).toThrow(RangeError);
    expect(() => shapeBuckets({ requestsPerWindow: 10, tokensPerWindow: 100, tokenBurst: 100 })).toThrow(RangeError);
    expect(() => shapeBuckets({ requestsPerWindow: 10, windowMs: 0 })).toThrow(RangeError);
  });
});

describe("RedisRateLimiter", () => {
  test("paces requests: burst first, then (limit − burst) per window", async () => {
    const l = limiter({ requestsPerWindow: 6, requestBurst: 3, windowMs: 600 });
    for (let i = 0; i < 3; i++) expect((await l.tryTake(0)).granted).toBe(true);
    const denied = await l.tryTake(0);
    expect(denied.granted).toBe(false);
    // Refill is 3 per 600 ms: one request every 200 ms.
    expect(denied.waitMs).toBeGreaterThan(150);
    expect(denied.waitMs).toBeLessThanOrEqual(200);
  });

  test("tokens: waits for enough tokens, and a refund from settle frees them", async () => {
    const l = limiter({ requestsPerWindow: 1000, requestBurst: 100, tokensPerWindow: 1000, tokenBurst: 200, windowMs: 1000 });
    expect((await l.tryTake(150)).granted).toBe(true);
    const denied = await l.tryTake(150);
    expect(denied.granted).toBe(false);
    // 50 left, 100 missing at 800 tokens per second.
    expect(denied.waitMs).toBeGreaterThan(100);
    expect(denied.waitMs).toBeLessThanOrEqual(125);
    await l.settle(150, 40);
    expect((await l.tryTake(150)).granted).toBe(true);
  });

  test("a call larger than the token burst goes out on a full bucket and leaves a debt", async () => {
    const l = limiter({ requestsPerWindow: 1000, requestBurst: 100, tokensPerWindow: 1000, tokenBurst: 200, windowMs: 1000 });
    expect((await l.tryTake(500)).granted).toBe(true);
    const next = await l.tryTake(10);
    // Level −300; 10 more at 0.8 per ms ≈ 387 ms.
    expect(next.waitMs).toBeGreaterThan(350);
  });

  test("keeps a minimum gap between calls, by Redis time", async () => {
    const l = limiter({ requestsPerWindow: 100, requestBurst: 50, windowMs: 1000, minGapMs: 150 });
    const first = await l.acquire(0);
    const second = await l.acquire(0);
    expect(second.at - first.at).toBeGreaterThanOrEqual(150);
    expect(second.waitedMs).toBeGreaterThan(100);
  });

  test("a pause set by one process holds every process on the same scope", async () => {
    const a = limiter({ requestsPerWindow: 100, requestBurst: 50, scope: "shared-pause" });
    const b = limiter({ requestsPerWindow: 100, requestBurst: 50, scope: "shared-pause" });
    await a.pauseFor(300);
    const denied = await b.tryTake(0);
    expect(denied.granted).toBe(false);
    expect(denied.waitMs).toBeGreaterThan(250);
  });

  test("vendor headers: none remaining until reset pauses; a lower vendor limit slows us, a higher one is forgotten", async () => {
    const l = limiter({ requestsPerWindow: 10, windowMs: 1000 });
    await l.observe({ requestsRemaining: 0, requestsResetAt: Date.now() + 400 });
    expect((await l.tryTake(0)).waitMs).toBeGreaterThan(300);

    const m = limiter({ requestsPerWindow: 10, windowMs: 1000 });
    expect((await m.tryTake(0)).granted).toBe(true);
    // Ours: 9 per second after the first (≈111 ms apart).
    expect((await m.tryTake(0)).waitMs).toBeLessThanOrEqual(112);
    await m.observe({ requestsLimit: 3, requestsRemaining: 2 });
    // Vendor's 3 per second with burst 1 leaves 2 per second: ≈500 ms apart.
    expect((await m.tryTake(0)).waitMs).toBeGreaterThan(350);
    await m.observe({ requestsLimit: 50 });
    expect((await m.tryTake(0)).waitMs).toBeLessThanOrEqual(112);
  });

  test("a remaining token count below our level lowers the level", async () => {
    const l = limiter({ requestsPerWindow: 1000, requestBurst: 100, tokensPerWindow: 10_000, tokenBurst: 2_000, windowMs: 1000 });
    await l.observe({ tokensRemaining: 100 });
    const denied = await l.tryTake(500);
    expect(denied.granted).toBe(false);
  });

  test("takes are atomic: concurrent callers on separate connections get exactly the burst", async () => {
    const shared = { requestsPerWindow: 1000, requestBurst: 5, windowMs: 600_000, scope: "atomic" };
    const clients = [limiter(shared), limiter(shared)];
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => (clients[i % 2] as RedisRateLimiter).tryTake(0)));
    expect(outcomes.filter((o) => o.granted)).toHaveLength(5);
  });

  test("acquire gives up with a RateLimitError rather than wait beyond maxWaitMs", async () => {
    const l = limiter({ requestsPerWindow: 2, windowMs: 10_000, maxWaitMs: 500 });
    await l.acquire(0);
    const started = performance.now();
    const error = await l.acquire(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(performance.now() - started).toBeLessThan(200);
  });

  test("no window ever admits more than the limit, with grants measured by Redis time", async () => {
    const shared = { requestsPerWindow: 10, requestBurst: 4, windowMs: 500, scope: "window" };
    const clients = [limiter(shared), limiter(shared), limiter(shared)];
    const grants = await Promise.all(Array.from({ length: 40 }, (_, i) => (clients[i % 3] as RedisRateLimiter).acquire(0)));
    expect(maxInAnyWindow(grants.map((g) => g.at), 500)).toBeLessThanOrEqual(10);
    // And it is not simply stalling: 4 at once, then 6 per 500 ms, so 40 grants take about 3 s.
    const span = Math.max(...grants.map((g) => g.at)) - Math.min(...grants.map((g) => g.at));
    expect(span).toBeGreaterThan(2_500);
    expect(span).toBeLessThan(4_000);
  }, 20_000);

  test("state expires once the buckets would be full again", async () => {
    const l = limiter({ requestsPerWindow: 10, windowMs: 1000 });
    await l.tryTake(0);
    const ttl = await redis.client().pttl(l.key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_000);
  });
});
