import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { createTeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import { loadAllTopics } from "@shared/contracts/all-topics.ts";
import { createBcsClient } from "./clients/bcs-client.ts";
import { createEntitlementsClient } from "./clients/entitlements-client.ts";
import type { BosConfig } from "./config.ts";
import { erasureStepHandler, type ErasureDeps } from "./handlers/batch-erasure.ts";
import type { HandlerDeps } from "./handlers/deps.ts";
import { enableSecureDelete } from "@shared/lifecycle/sqlite-erasure.ts";
import { registerErasureRoutes } from "./http/erasure-routes.ts";
import { registerEssayRoutes } from "./http/essay-routes.ts";
import { startRetentionSweeper } from "./handlers/retention-sweep.ts";
import { parseOrgRetention } from "./domain/retention.ts";
import { phaseOutcomeHandler } from "./handlers/phase-outcome.ts";
import { pipelineRequestHandler } from "./handlers/pipeline-request.ts";
import { provisioningCompletedHandler } from "./handlers/provisioning-completed.ts";
import { studentAssociationsConfirmedHandler } from "./handlers/student-associations-confirmed.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerBatchRoutes } from "./http/routes.ts";
import { registerRunControlRoutes } from "./http/run-control-routes.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** Build and start BOS: event runtime (SQLite + outbox + consumer), handlers and internal HTTP API. */
export async function startBatchOrchestratorService(
  config: BosConfig,
  logger: Logger = createLogger(SERVICE_NAME),
): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  enableSecureDelete(database.sqlite);
  const deps: HandlerDeps = {
    uow, db: database.db, metrics,
    notifier: createTeacherNotifier({ redis: runtime.redis, logger, metrics }),
    bcs: createBcsClient({ baseUrl: config.BCS_URL, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.BCS_TIMEOUT_MS, logger }),
    entitlements: config.ENTITLEMENTS_ENABLED
      ? createEntitlementsClient({ baseUrl: config.ENTITLEMENTS_URL, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.ENTITLEMENTS_TIMEOUT_MS, logger })
      : null,
    cjComparisonsPerItem: config.CJ_COMPARISONS_PER_ITEM,
  };
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  registerBatchRoutes(app, { db: database.db, uow, logger });
  const erasure: ErasureDeps = {
    uow, db: database.db, sqlite: database.sqlite, notifier: deps.notifier, redis: runtime.redis, participants: config.ERASURE_PARTICIPANTS,
    // The erasure family itself carries ids only and stays as the audit trail.
    streams: async () => (await loadAllTopics()).filter((t) => !t.name.includes(".erasure.") && !t.name.includes(".erased.")).flatMap((t) => [t.name, t.dlq]),
  };
  registerErasureRoutes(app, { ...erasure, logger });
  registerEssayRoutes(app, { uow, notifier: deps.notifier, logger });
  registerRunControlRoutes(app, { uow, db: database.db, notifier: deps.notifier, entitlements: deps.entitlements, cjComparisonsPerItem: deps.cjComparisonsPerItem, logger });
  try {
    await runtime.consume([
      provisioningCompletedHandler({ ...deps, holdClassBatches: config.CLASS_MATCHING_ENABLED }), pipelineRequestHandler(deps), phaseOutcomeHandler(deps),
      erasureStepHandler(erasure), studentAssociationsConfirmedHandler(deps),
    ]);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  const policy = { defaultDays: config.RETENTION_DAYS, byOrg: parseOrgRetention(config.RETENTION_DAYS_BY_ORG), noticeDays: config.RETENTION_NOTICE_DAYS };
  const retention = policy.defaultDays > 0 || policy.byOrg.size > 0
    ? startRetentionSweeper({ ...erasure, logger, policy }, config.RETENTION_SWEEP_SECONDS * 1000)
    : undefined;
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      retention?.stop();
      await http.stop();
      await runtime.stop();
    },
  };
}
