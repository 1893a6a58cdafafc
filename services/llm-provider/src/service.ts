import { pipelineCancelledHandler } from "./handlers/pipeline-cancelled.ts";
import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { internalKey } from "@shared/http/internal-key/index.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { batchErasureHandler } from "@shared/lifecycle/erasure-handler.ts";
import { type LpsConfig, SERVICE_NAME } from "./config.ts";
import { eraseBatchRequests } from "./db/request-erasure.ts";
import { trimTextEntriesAfterIntake } from "./handlers/trim-request-entries.ts";
import { createRequestRepository } from "./db/request-repository.ts";
import type { IntakeDeps } from "./handlers/intake.ts";
import { requestHandlers } from "./handlers/request-handlers.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerLpsRoutes } from "./http/routes.ts";
import { createLpsMetrics } from "./queue/lps-metrics.ts";
import { createProviderRegistry } from "./queue/provider-registry.ts";
import { createWorkerPool } from "./queue/worker-pool.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

export interface RunningLps extends RunningService {
  url: string;
  /** The provider a request without an override gets. */
  defaultProvider: string;
}

/**
 * Build and start LPS: stream intake and HTTP API into a SQLite queue, a pool of workers calling
 * the providers under Redis rate limits, results through the outbox.
 * Stop: no new requests, in-flight calls finish (bounded by LPS_STOP_GRACE_MS), outbox flushed.
 */
export async function startLlmProviderService(config: LpsConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningLps> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const lpsMetrics = createLpsMetrics(metrics);
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const repo = createRequestRepository(database.db);
  const providers = createProviderRegistry(config, runtime.redis);
  const pool = createWorkerPool({
    repo, uow, metrics: lpsMetrics, logger,
    call: { providers, metrics: lpsMetrics, logger, maxTokens: config.MAX_TOKENS },
    concurrency: config.CONCURRENCY, bundleSize: config.BUNDLE_SIZE, localBatchSize: config.LOCAL_BATCH_SIZE, pollMs: config.POLL_MS,
  });
  const intake: IntakeDeps = {
    uow, repo, providers, metrics: lpsMetrics,
    content: createContentClient({ baseUrl: config.CONTENT_SERVICE_URL, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS }),
    onQueued: () => {
      lpsMetrics.queueDepth(repo.queueDepth());
      pool.wake();
    },
  };
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  app.use("/v1/*", internalKey({ key: config.common.HULEEDU_INTERNAL_API_KEY }));
  registerLpsRoutes(app, { intake, repo });
  pool.start();
  let consumer;
  try {
    consumer = await runtime.consume([...trimTextEntriesAfterIntake(requestHandlers(intake), runtime.redis), batchErasureHandler({
      service: SERVICE_NAME, uow, sqlite: database.sqlite, content: null,
      storageIds: () => [], eraseRows: (tx, r) => eraseBatchRequests(tx, r.batch_id),
    }), pipelineCancelledHandler(uow, () => lpsMetrics.queueDepth(repo.queueDepth()))]);
  } catch (err) {
    await pool.stop(0);
    await runtime.stop();
    throw err;
  }
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  logger.info("llm-provider ready", { default_provider: providers.defaultName, concurrency: config.CONCURRENCY, bundle_size: config.BUNDLE_SIZE });
  return {
    url: http.url,
    port: http.port,
    defaultProvider: providers.defaultName,
    async stop() {
      await http.stop();
      await consumer.stop();
      await pool.stop(config.STOP_GRACE_MS);
      await runtime.stop();
    },
  };
}
