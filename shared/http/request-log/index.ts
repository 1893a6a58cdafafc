import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../observability/logger.ts";
import type { ServiceMetrics } from "../../observability/metrics.ts";
import { currentTrace } from "../../observability/trace-context.ts";

/**
 * One JSON log line and one histogram observation per request (health probes are not logged).
 * @example app.use(requestLog({ logger, metrics }))
 */
export function requestLog(options: { logger: Logger; metrics: ServiceMetrics }): MiddlewareHandler {
  const { logger, metrics } = options;
  const duration = metrics.histogram("http_request_duration_seconds", "HTTP request duration", ["method", "route", "status"]);
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath || c.req.path;
    duration.observe({ method: c.req.method, route, status: String(c.res.status) }, seconds);
    if (route === "/healthz" || route === "/readyz" || route === "/metrics") return;
    logger.info("http request", {
      method: c.req.method, path: c.req.path, status: c.res.status,
      duration_ms: Math.round(seconds * 1000), correlation_id: c.get("correlationId"), trace_id: currentTrace()?.traceId,
    });
  };
}
