import { createServiceApp } from "@shared/http/app.ts";
import { internalKey } from "@shared/http/internal-key/index.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import type { ContentConfig } from "./config.ts";
import { openContentStore } from "./db/store.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerContentRoutes } from "./http/routes.ts";

export const SERVICE_NAME = "content-service";

/** Build and start the content service from its config (port 0 in tests). */
export async function startContentService(config: ContentConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const store = await openContentStore(config.database);
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument,
    readiness: { database: () => store.reachable() },
  });
  app.use("/v1/*", internalKey({ key: config.common.HULEEDU_INTERNAL_API_KEY }));
  registerContentRoutes(app, {
    repository: store.repository, maxBytes: config.MAX_CONTENT_BYTES, logger, afterErasure: store.afterErasure,
  });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger, maxRequestBodySize: config.MAX_CONTENT_BYTES + 1024 });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await store.close();
    },
  };
}
