import type { MiddlewareHandler } from "hono";
import { parseTraceparent, runInTrace, startSpan, TRACEPARENT_HEADER } from "../../observability/trace-context.ts";

/**
 * Continue the caller's W3C trace (`traceparent`) or start one, for everything the request does:
 * logs, outgoing calls (`traceHeaders()`) and the events it publishes.
 * @example app.use(traceContext())
 */
export function traceContext(): MiddlewareHandler {
  return async function traceContextMiddleware(c, next) {
    const span = startSpan(parseTraceparent(c.req.header(TRACEPARENT_HEADER)));
    await runInTrace(span, () => next());
  };
}
