import { Hono, type Env } from "hono";
import type { Logger } from "../observability/logger.ts";
import type { ServiceMetrics } from "../observability/metrics.ts";
import { correlationId } from "./correlation-id/index.ts";
import { errorHandler, notFoundHandler } from "./error-handler/index.ts";
import { internalKey } from "./internal-key/index.ts";
import { requestLog } from "./request-log/index.ts";
import { traceContext } from "./trace-context/index.ts";

export type AppEnv<V extends object = object> = { Variables: { correlationId: string } & V };

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Named checks for /readyz, e.g. `{ redis: () => ping(), database: () => true }`. */
  readiness?: Record<string, () => Promise<boolean> | boolean>;
  /** The service's OpenAPI document, served at /openapi.json. */
  openapi?: () => object;
  /** When set, `/internal/*` requires this X-Internal-API-Key. */
  internalApiKey?: string;
}

async function check(probe: () => Promise<boolean> | boolean): Promise<boolean> {
  try {
    return await Promise.race([Promise.resolve(probe()), Bun.sleep(2000).then(() => false)]);
  } catch {
    return false;
  }
}

/**
 * A Hono app with what every service has: correlation id, W3C trace context, JSON request logs, the error handler,
 * /healthz, /readyz, /metrics, /openapi.json and the internal-key guard.
 * @example const app = createServiceApp({ service: "bcs", logger, metrics }); app.post("/internal/v1/...", h)
 */
export function createServiceApp<V extends object = object>(options: ServiceAppOptions): Hono<AppEnv<V>> {
  const { service, logger, metrics } = options;
  const app = new Hono<AppEnv<V>>();
  app.use(correlationId() as unknown as Parameters<typeof app.use>[0]);
  app.use(traceContext());
  app.use(requestLog({ logger, metrics }));
  app.onError(errorHandler({ service, logger }));
  app.notFound(notFoundHandler(service));
  app.get("/healthz", (c) => c.json({ status: "ok", service }));
  app.get("/readyz", async (c) => {
    const entries = Object.entries(options.readiness ?? {});
    const results = await Promise.all(entries.map(async ([name, probe]) => [name, await check(probe)] as const));
    const checks = Object.fromEntries(results);
    const ready = results.every(([, ok]) => ok);
    return c.json({ status: ready ? "ready" : "not_ready", service, checks }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    c.header("Content-Type", metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  if (options.openapi) {
    const doc = options.openapi;
    app.get("/openapi.json", (c) => c.json(doc()));
  }
  if (options.internalApiKey) app.use("/internal/*", internalKey({ key: options.internalApiKey }));
  return app;
}

export type { Env };
