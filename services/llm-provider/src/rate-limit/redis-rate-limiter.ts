import type { Redis } from "@shared/bus/redis.ts";
import { type ProviderName, RateLimitError } from "../domain/errors.ts";
import { sleep } from "../providers/retry.ts";
import type { CallGate, VendorRateLimits } from "../providers/types.ts";
import { ACQUIRE, OBSERVE, runScript, SETTLE } from "./limiter-scripts.ts";
import { type BucketShape, type RateLimitConfig, shapeBuckets } from "./limits.ts";

export interface RedisRateLimiterOptions extends RateLimitConfig {
  /** Buckets are shared by every process using the same scope, e.g. "anthropic:claude-haiku-4-5". */
  scope: string;
  /** Named in the RateLimitError thrown when the wait would exceed `maxWaitMs`. */
  provider: ProviderName;
  keyPrefix?: string;
}

export interface TakeOutcome {
  granted: boolean;
  /** How long to wait before asking again (0 when granted). */
  waitMs: number;
  /** Redis server time of the decision, epoch ms. */
  at: number;
}

/**
 * Request and token buckets plus a minimum gap, kept in one Redis hash and changed only by Lua
 * scripts, so they hold across processes.
 * @example
 * const limiter = new RedisRateLimiter(redis, { scope: "anthropic", provider: "anthropic", requestsPerWindow: 50, tokensPerWindow: 40_000 })
 * const judge = createAnthropicProvider({ apiKey, gate: limiter })
 */
export class RedisRateLimiter implements CallGate {
  readonly key: string;
  readonly shape: BucketShape;
  private readonly provider: ProviderName;

  constructor(
    private readonly redis: Redis,
    options: RedisRateLimiterOptions,
  ) {
    this.shape = shapeBuckets(options);
    this.key = `${options.keyPrefix ?? "lps:ratelimit:"}${options.scope}`;
    this.provider = options.provider;
  }

  private bucketArgs(): number[] {
    const s = this.shape;
    return [s.requestLimit, s.requestBurst, s.tokenLimit, s.tokenBurst, s.windowMs];
  }

  /** One atomic attempt to take a request and `tokens` tokens. */
  async tryTake(tokens: number): Promise<TakeOutcome> {
    const reply = (await runScript(this.redis, ACQUIRE, this.key, [...this.bucketArgs(), this.shape.minGapMs, tokens])) as [
      number,
      string,
      string,
    ];
    return { granted: reply[0] === 1, waitMs: Number(reply[1]), at: Number(reply[2]) };
  }

  /**
   * Wait until a call may go out, then take its request and tokens.
   * @throws RateLimitError when the wait would exceed `maxWaitMs`.
   */
  async acquire(estimatedTokens: number, signal?: AbortSignal): Promise<TakeOutcome & { waitedMs: number }> {
    const started = performance.now();
    for (;;) {
      signal?.throwIfAborted();
      const outcome = await this.tryTake(estimatedTokens);
      const waitedMs = performance.now() - started;
      if (outcome.granted) return { ...outcome, waitedMs };
      if (waitedMs + outcome.waitMs > this.shape.maxWaitMs) {
        throw new RateLimitError(this.provider, outcome.waitMs, `local rate limit: wait of ${outcome.waitMs} ms exceeds maxWaitMs`);
      }
      // A little jitter so that many waiters do not all ask again in the same millisecond.
      await sleep(outcome.waitMs + Math.random() * Math.min(10, outcome.waitMs), signal);
    }
  }

  async settle(estimatedTokens: number, actualTokens: number): Promise<void> {
    if (this.shape.tokenLimit === 0 || estimatedTokens === actualTokens) return;
    await runScript(this.redis, SETTLE, this.key, [...this.bucketArgs(), estimatedTokens - actualTokens]);
  }

  /** Lower our limits and levels to what the vendor reports; wait out a reset when it says none are left. */
  async observe(limits: VendorRateLimits, now = Date.now()): Promise<void> {
    if (Object.keys(limits).length === 0) return;
    const exhausted = [
      limits.requestsRemaining === 0 ? limits.requestsResetAt : undefined,
      limits.tokensRemaining === 0 ? limits.tokensResetAt : undefined,
    ].filter((at): at is number => at !== undefined && at > now);
    const pauseMs = exhausted.length > 0 ? Math.max(...exhausted) - now : undefined;
    const opt = (n: number | undefined) => (n === undefined ? "" : n);
    await runScript(this.redis, OBSERVE, this.key, [
      ...this.bucketArgs(),
      opt(limits.requestsLimit),
      opt(limits.requestsRemaining),
      opt(limits.tokensLimit),
      opt(limits.tokensRemaining),
      opt(pauseMs),
    ]);
  }

  async pauseFor(ms: number): Promise<void> {
    if (ms <= 0) return;
    await runScript(this.redis, OBSERVE, this.key, [...this.bucketArgs(), "", "", "", "", ms]);
  }
}
