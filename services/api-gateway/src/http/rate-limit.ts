import type { MiddlewareHandler } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { withTimeout, type Redis } from "@shared/bus/redis.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { fixedWindow } from "../domain/fixed-window.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/**
 * Fixed-window request limit per user in Redis (INCR + PEXPIRE in one MULTI); 429 with
 * details.retry_after_seconds past the limit. If Redis does not answer the request is let through.
 * @example app.use("/v1/*", userRateLimit({ redis, limit: 300, windowSeconds: 60, logger }))
 */
export function userRateLimit(options: { redis: Redis; limit: number; windowSeconds: number; logger: Logger; timeoutMs?: number }): MiddlewareHandler<GatewayEnv> {
  const { redis, limit, windowSeconds, logger } = options;
  const timeoutMs = options.timeoutMs ?? 500;
  return async function userRateLimitMiddleware(c, next) {
    const { userId } = c.var.user;
    const { windowStart, retryAfterSeconds } = fixedWindow(Date.now(), windowSeconds);
    const key = `gateway:ratelimit:${userId}:${windowStart}`;
    let count = 0;
    try {
      const replies = await withTimeout(redis.multi().incr(key).pexpire(key, windowSeconds * 1000 + 1000).exec(), timeoutMs, "rate limit");
      count = Number(replies?.[0]?.[1] ?? 0);
    } catch (err) {
      logger.warn("rate limit unavailable; request let through", { user_id: userId, error: err instanceof Error ? err.message : String(err) });
    }
    if (count > limit) {
      throw new HuleEduError("RATE_LIMIT", `Too many requests; limit is ${limit} per ${windowSeconds} s`, { retry_after_seconds: retryAfterSeconds, limit });
    }
    await next();
  };
}
