import { createProcessedMarks } from "@shared/bus/processed-marks.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { NlpConfig } from "./config.ts";
import { nlpRequestedHandler } from "./handlers/nlp-requested.ts";

export const SERVICE_NAME = "nlp";

/** Build and start the NLP service: health and metrics over HTTP, essays from the stream. */
export async function startNlpService(config: NlpConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({ service: SERVICE_NAME, common: config.common, logger, metrics });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics,
    readiness: { redis: async () => (await runtime.redis.ping()) === "PONG" },
  });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  const stop = async () => {
    await http.stop();
    await runtime.stop();
  };
  try {
    const content = createContentClient({
      baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS,
    });
    const marks = createProcessedMarks(runtime.redis, SERVICE_NAME, config.PROCESSED_TTL_SECONDS);
    await runtime.consume([nlpRequestedHandler({ service: SERVICE_NAME, content, marks, publish: runtime.publish, metrics })]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: http.url, port: http.port, stop };
}
