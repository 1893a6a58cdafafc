import type { MiddlewareHandler } from "hono";

export const CORRELATION_HEADER = "X-Correlation-ID";
const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes `X-Correlation-ID` from the request (or makes one), exposes it as `c.var.correlationId`
 * and echoes it on the response.
 * @example app.use(correlationId())
 */
export function correlationId(): MiddlewareHandler<{ Variables: { correlationId: string } }> {
  return async function correlationIdMiddleware(c, next) {
    const given = c.req.header(CORRELATION_HEADER);
    const id = given && SAFE.test(given) ? given : crypto.randomUUID();
    c.set("correlationId", id);
    c.header(CORRELATION_HEADER, id);
    await next();
  };
}
