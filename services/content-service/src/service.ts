import { openDatabase, databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { internalKey } from "@shared/http/internal-key/index.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { enableSecureDelete, truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import type { ContentConfig } from "./config.ts";
import { createContentRepository } from "./db/repository.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerContentRoutes } from "./http/routes.ts";

export const SERVICE_NAME = "content-service";
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** Build and start the content service from its config (port 0 in tests). */
export async function startContentService(config: ContentConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const database = openDatabase(config.dbPath, MIGRATIONS);
  enableSecureDelete(database.sqlite);
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument,
    readiness: { database: () => databaseReachable(database.sqlite) },
  });
  app.use("/v1/*", internalKey({ key: config.common.HULEEDU_INTERNAL_API_KEY }));
  registerContentRoutes(app, {
    repository: createContentRepository(database.db), maxBytes: config.MAX_CONTENT_BYTES, logger, afterErasure: () => truncateWal(database.sqlite),
  });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger, maxRequestBodySize: config.MAX_CONTENT_BYTES + 1024 });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      database.close();
    },
  };
}
