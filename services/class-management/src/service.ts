import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createTeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import type { ClassManagementConfig } from "./config.ts";
import { batchRegisteredHandler } from "./handlers/batch-registered.ts";
import { provisioningCompletedHandler } from "./handlers/provisioning-completed.ts";
import { registerAssociationRoutes } from "./http/association-routes.ts";
import { registerClassRoutes } from "./http/class-routes.ts";
import { registerRosterRoutes } from "./http/roster-routes.ts";
import { openApiDocument } from "./http/openapi.ts";
import { startConfirmationTimeout } from "./matching/confirmation-timeout.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** Build and start class-management: classes and rosters, REGULAR-batch author matching, the confirmation timeout. */
export async function startClassManagementService(config: ClassManagementConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const db = database.db;
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  registerClassRoutes(app, { db, logger });
  registerAssociationRoutes(app, { db, uow, logger });
  registerRosterRoutes(app, { db });
  const notifier = createTeacherNotifier({ redis: runtime.redis, logger, metrics });
  try {
    await runtime.consume([
      batchRegisteredHandler({ uow }),
      provisioningCompletedHandler({
        uow, notifier, metrics, confirmationTimeoutMs: config.CONFIRMATION_TIMEOUT_SECONDS * 1000, autoAcceptConfidence: config.AUTO_ACCEPT_CONFIDENCE,
      }),
    ]);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  const timeout = startConfirmationTimeout({ db, uow, logger, pollMs: config.TIMEOUT_POLL_MS, autoAcceptConfidence: config.AUTO_ACCEPT_CONFIDENCE });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      timeout.stop();
      await runtime.stop();
    },
  };
}
