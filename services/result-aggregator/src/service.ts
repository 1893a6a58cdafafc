import { batchRenamedHandler, pipelineCancelledHandler } from "./handlers/run-control.ts";
import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { createTeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import { createContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { batchErasureHandler } from "@shared/lifecycle/erasure-handler.ts";
import { eraseBatchViews, viewStorageIds } from "./db/erasure-repository.ts";
import { essayChangeHandlers } from "./handlers/essay-changes.ts";
import { essayReplacementHandler } from "./handlers/essay-replacement.ts";
import type { RasConfig } from "./config.ts";
import { batchStatusChangedHandler, phaseStartedHandlers, pipelineCompletedHandler, pipelineDeniedHandler } from "./handlers/batch-lifecycle.ts";
import { cjResultHandler } from "./handlers/cj-results.ts";
import type { HandlerDeps } from "./handlers/deps.ts";
import { aiFeedbackResultHandler, nlpResultHandler, spellcheckResultHandler } from "./handlers/essay-results.ts";
import { provisioningCompletedHandler, slotAssignedHandler } from "./handlers/intake.ts";
import { studentAssociationsHandler } from "./handlers/student-associations.ts";
import { phaseOutcomeHandler } from "./handlers/phase-outcome.ts";
import { registrationHandler } from "./handlers/registration.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerResultRoutes } from "./http/routes.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** Build and start RAS: event runtime (SQLite view + consumer), handlers and the internal read API. */
export async function startResultAggregatorService(
  config: RasConfig,
  logger: Logger = createLogger(SERVICE_NAME),
): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const deps: HandlerDeps = {
    uow, db: database.db, metrics,
    notifier: createTeacherNotifier({ redis: runtime.redis, logger, metrics }),
  };
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  registerResultRoutes(app, { db: database.db });
  const stored = createContentClient({ baseUrl: config.CONTENT_SERVICE_URL, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: 10_000 });
  const content = createContentEraser({ baseUrl: config.CONTENT_SERVICE_URL, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: 10_000, logger });
  try {
    await runtime.consume([
      registrationHandler(deps), slotAssignedHandler(deps), provisioningCompletedHandler(deps), studentAssociationsHandler(deps),
      batchStatusChangedHandler(deps), pipelineDeniedHandler(deps), batchRenamedHandler(deps), pipelineCancelledHandler(deps), pipelineCompletedHandler(deps), ...phaseStartedHandlers(deps),
      phaseOutcomeHandler(deps), spellcheckResultHandler(deps), nlpResultHandler(deps), aiFeedbackResultHandler(deps, (id, correlationId) => stored.fetchText(id, correlationId)), cjResultHandler(deps),
      batchErasureHandler({
        service: SERVICE_NAME, uow, sqlite: database.sqlite, content,
        storageIds: (r) => viewStorageIds(database.db, r.batch_id), eraseRows: (tx, r) => eraseBatchViews(tx, r.batch_id),
      }),
      ...essayChangeHandlers(deps, { sqlite: database.sqlite, content }),
      essayReplacementHandler(deps, { sqlite: database.sqlite, content }),
    ]);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await runtime.stop();
    },
  };
}
