import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { internalKey } from "@shared/http/internal-key/index.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { batchErasureHandler } from "@shared/lifecycle/erasure-handler.ts";
import { SERVICE_NAME, type CjConfig } from "./config.ts";
import { eraseCjBatch } from "./db/erasure-store.ts";
import { cjAssessmentHandlers } from "./handlers/cj-handlers.ts";
import type { WorkflowSettings } from "./handlers/workflow.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerAnchorRoutes } from "./http/routes.ts";
import { startStallMonitor, type StallMonitor } from "./monitor/stall-monitor.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

export interface RunningCjService extends RunningService {
  url: string;
  /** The stall monitor, so tests can sweep on demand. */
  monitor: StallMonitor;
}

/**
 * Build and start cj-assessment: the anchors API, the consumers of CJ requests and LLM comparison
 * results, and the stall monitor (port 0 and a temp SQLite file in tests). Several instances may
 * share a database file and consumer group.
 */
export async function startCjAssessmentService(config: CjConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningCjService> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { uow, database } = runtime;
  if (config.STABILITY_THRESHOLD !== undefined) {
    logger.warn("CJ_STABILITY_THRESHOLD is ignored: completion now uses CJ_TARGET_RANK_AGREEMENT (the fit's expected rank agreement)");
  }
  const settings: WorkflowSettings = {
    policy: { targetRankAgreement: config.TARGET_RANK_AGREEMENT, minComparisonsPerItem: config.MIN_COMPARISONS_PER_ITEM },
    softOutcomes: config.SOFT_OUTCOMES,
    pairRetryLimit: config.PAIR_RETRY_LIMIT,
    pairAbandonLimit: config.PAIR_ABANDON_LIMIT,
    requestTtlMs: config.LLM_REQUEST_TTL_MS,
  };
  const content = createContentClient({ baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS });
  try {
    await runtime.consume([...cjAssessmentHandlers({
      db: database.db, uow, content, metrics, settings,
      defaultBudget: { perItem: config.COMPARISONS_PER_ITEM, ...(config.DEFAULT_TOTAL_BUDGET ? { fixed: config.DEFAULT_TOTAL_BUDGET } : {}) },
      defaultSeed: config.DEFAULT_SEED,
    }), batchErasureHandler({
      // CJ stores no blobs: its texts are snapshots in cj_items, erased with the rows.
      service: SERVICE_NAME, uow, sqlite: database.sqlite, content: null,
      storageIds: () => [], eraseRows: (tx, r) => eraseCjBatch(tx, r.batch_id),
    })]);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  const monitor = startStallMonitor({
    db: database.db, uow, logger, metrics, settings,
    intervalMs: config.MONITOR_INTERVAL_MS, stallTimeoutMs: config.STALL_TIMEOUT_MS, maxStallRecoveries: config.MAX_STALL_RECOVERIES,
  });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  app.use("/v1/*", internalKey({ key: config.common.HULEEDU_INTERNAL_API_KEY }));
  registerAnchorRoutes(app, {
    db: database.db, uow, logger, limits: { maxAnchors: config.MAX_ANCHORS_PER_ASSIGNMENT, maxTextChars: config.MAX_ANCHOR_TEXT_CHARS },
  });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger, maxRequestBodySize: config.MAX_ANCHORS_PER_ASSIGNMENT * config.MAX_ANCHOR_TEXT_CHARS * 4 + 64 * 1024 });
  return {
    url: http.url,
    port: http.port,
    monitor,
    async stop() {
      monitor.stop();
      await http.stop();
      await runtime.stop();
    },
  };
}
