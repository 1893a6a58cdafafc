import { databaseReachable, openDatabase } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { batchErasureHandler } from "@shared/lifecycle/erasure-handler.ts";
import { enableSecureDelete } from "@shared/lifecycle/sqlite-erasure.ts";
import { batchStorageIds, eraseBatchRows } from "./db/erasure-store.ts";
import { essayChangeHandlers } from "./handlers/essay-changes.ts";
import { contentReplacementHandler } from "./handlers/replace-content.ts";
import { EssayLifecycleRole, SERVICE_NAME, resolveRole, type EssayLifecycleConfig } from "./config.ts";
import type { PhaseTimeouts } from "./domain/phase-deadline.ts";
import { essayLifecycleHandlers } from "./handlers/worker-handlers.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerEssayRoutes } from "./http/routes.ts";
import { startPhaseDeadlineMonitor, type PhaseDeadlineMonitor } from "./monitor/phase-deadline-monitor.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** The ELS api process: the internal read API over the shared database (port 0 in tests). */
export async function startEssayLifecycleApi(config: EssayLifecycleConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const log = logger.child({ role: EssayLifecycleRole.API });
  // openDatabase retries a first migration lost to the worker opening the same fresh file.
  const database = openDatabase(config.dbPath, MIGRATIONS);
  enableSecureDelete(database.sqlite);
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const app = createServiceApp({
    service: SERVICE_NAME, logger: log, metrics, openapi: openApiDocument,
    readiness: { database: () => databaseReachable(database.sqlite) },
    internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
  });
  registerEssayRoutes(app, { db: database.db });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger: log });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      database.close();
    },
  };
}

/** The per-phase deadlines from config. */
export function phaseTimeoutsOf(config: EssayLifecycleConfig): PhaseTimeouts {
  return { essaySeconds: config.PHASE_TIMEOUT_SECONDS, cjSeconds: config.CJ_PHASE_TIMEOUT_SECONDS };
}

/**
 * The ELS worker process: consumes intake, phase commands, results and the DLQs of its requests,
 * writes through the unit of work and outbox, and closes phase runs past their deadline; serves
 * /healthz, /readyz and /metrics on its own port. Any number may share a database file and
 * consumer group.
 */
export async function startEssayLifecycleWorker(config: EssayLifecycleConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const log = logger.child({ role: EssayLifecycleRole.WORKER });
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  // Workers share the file; the runtime's relay publishes its outbox under a Redis lease named after it.
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger: log, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const timeouts = phaseTimeoutsOf(config);
  let monitor: PhaseDeadlineMonitor | undefined;
  const stopAll = async () => {
    monitor?.stop();
    await runtime.stop(); // finish the message in hand, publish what is committed, close
  };
  try {
    const content = createContentEraser({ baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: 10_000, logger: log });
    const erasure = batchErasureHandler({
      service: SERVICE_NAME, uow, sqlite: database.sqlite, content,
      storageIds: (r) => batchStorageIds(database.db, r.batch_id), eraseRows: (tx, r) => eraseBatchRows(tx, r.batch_id),
    });
    await runtime.consume([
      ...essayLifecycleHandlers({ uow, metrics, timeouts, redis: runtime.redis }), erasure,
      ...essayChangeHandlers({ uow, db: database.db, sqlite: database.sqlite, content }),
      contentReplacementHandler({ uow, db: database.db, sqlite: database.sqlite, content }),
    ]);
  } catch (err) {
    await stopAll();
    throw err;
  }
  monitor = startPhaseDeadlineMonitor({ db: database.db, uow, logger: log, metrics, timeouts, intervalMs: config.PHASE_SWEEP_SECONDS * 1000 });
  const app = createServiceApp({
    service: SERVICE_NAME, logger: log, metrics,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  const http = serveHttp(app, { port: config.WORKER_HTTP_PORT, logger: log });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await stopAll();
    },
  };
}

/** Start the process for the configured role (ELS_ROLE); `main.ts` also accepts it as an argument. */
export async function startEssayLifecycleService(config: EssayLifecycleConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const role = resolveRole([], config);
  return role === EssayLifecycleRole.API ? startEssayLifecycleApi(config, logger) : startEssayLifecycleWorker(config, logger);
}
