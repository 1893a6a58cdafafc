import type { MiddlewareHandler } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";

/**
 * Adds `Retry-After` to 429 answers from a RATE_LIMIT error carrying `details.retry_after_seconds`.
 * @example app.use(retryAfter())
 */
export function retryAfter(): MiddlewareHandler {
  return async function retryAfterMiddleware(c, next) {
    await next();
    const err = c.error;
    if (err instanceof HuleEduError && err.code === "RATE_LIMIT" && typeof err.details.retry_after_seconds === "number") {
      c.res.headers.set("Retry-After", String(err.details.retry_after_seconds));
    }
  };
}
