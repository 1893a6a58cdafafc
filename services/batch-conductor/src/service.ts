import { createDlqWriter } from "@shared/bus/dlq-writer.ts";
import { createRedis } from "@shared/bus/redis.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { BcsConfig } from "./config.ts";
import { createPhaseProjection } from "./db/phase-projection.ts";
import { essaysChangedHandlers } from "./handlers/essays-changed-handler.ts";
import { phaseOutcomeHandler } from "./handlers/phase-outcome-handler.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerPipelineRoutes } from "./http/routes.ts";
import { loadPipelineDefinitions } from "./load-pipelines.ts";

export const SERVICE_NAME = "batch-conductor";

/** Build and start BCS: pipelines are validated first, so a bad file stops it before it listens. */
export async function startBatchConductorService(config: BcsConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const definitions = loadPipelineDefinitions(config.PIPELINES_FILE);
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({ service: SERVICE_NAME, common: config.common, logger, metrics });
  const projection = createPhaseProjection(runtime.redis);
  const dlqRedis = config.DLQ_REDIS_URL ? createRedis(config.DLQ_REDIS_URL, { maxRetriesPerRequest: 1 }) : runtime.redis;
  const writeDlq = createDlqWriter({
    redis: dlqRedis, logger, timeoutMs: config.DLQ_PUBLISH_TIMEOUT_SECONDS * 1000,
    failures: metrics.counter("dlq_publish_failures_total", "DLQ writes that failed or timed out", ["topic"]),
  });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: { redis: async () => (await runtime.redis.ping()) === "PONG" },
  });
  registerPipelineRoutes(app, {
    definitions, projection, writeDlq, logger,
    resolutions: metrics.counter("bcs_pipeline_resolutions_total", "Pipeline resolution outcomes", ["status"]),
    promptBlocked: metrics.counter("prompt_prerequisite_blocked_total", "Requests refused for a missing student prompt", ["pipeline_name"]),
  });
  await runtime.consume([phaseOutcomeHandler(projection), ...essaysChangedHandlers(projection)]);
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await runtime.stop();
      if (dlqRedis !== runtime.redis) dlqRedis.disconnect();
    },
  };
}
