import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "node:crypto";
import { HuleEduError } from "../../contracts/errors.ts";

export const INTERNAL_KEY_HEADER = "X-Internal-API-Key";

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Requires the internal service credential on `/internal/...` routes; 401 otherwise.
 * @example app.use("/internal/*", internalKey({ key: config.HULEEDU_INTERNAL_API_KEY }))
 */
export function internalKey(options: { key: string }): MiddlewareHandler {
  const expected = options.key;
  return async function internalKeyMiddleware(c, next) {
    const given = c.req.header(INTERNAL_KEY_HEADER);
    if (!given || !sameKey(given, expected)) {
      throw new HuleEduError("AUTHENTICATION_ERROR", `Missing or invalid ${INTERNAL_KEY_HEADER} header`);
    }
    await next();
  };
}
