import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { batchErasureHandler } from "@shared/lifecycle/erasure-handler.ts";
import type { FileServiceConfig } from "./config.ts";
import { eraseUploads, uploadStorageIds } from "./db/erasure-repository.ts";
import { consumeWhenReachable } from "./handlers/background-consumer.ts";
import { removedUploadHandler } from "./handlers/remove-upload.ts";
import { createExtractionPool } from "./handlers/extraction-pool.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerFileRoutes } from "./http/routes.ts";

export const SERVICE_NAME = "file-service";
const MIGRATIONS = `${import.meta.dir}/db/migrations`;
/** Beyond the extraction budget, time for validation before a stuck worker is terminated. */
const READ_GRACE_MS = 2_000;
/** Multipart framing around the files. */
const BODY_OVERHEAD_BYTES = 64 * 1024;

/** Build and start the file service from its config (port 0 and a temp database in tests). */
export async function startFileService(config: FileServiceConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics, database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const database = runtime.database;
  const uow = runtime.uow;
  if (!database || !uow) throw new Error("file-service needs its database");
  const pool = createExtractionPool({
    size: config.EXTRACTION_WORKERS,
    timeoutMs: config.EXTRACTION_TIMEOUT_MS + READ_GRACE_MS,
    readOptions: {
      extract: { timeoutMs: config.EXTRACTION_TIMEOUT_MS },
      limits: { minChars: config.MIN_ESSAY_CHARS, minWords: config.MIN_ESSAY_WORDS, maxChars: config.MAX_ESSAY_CHARS },
    },
    logger,
  });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  const eraser = createContentEraser({ baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS, logger });
  registerFileRoutes(app, {
    db: database.db, uow, pool, logger, metrics, serviceName: SERVICE_NAME, eraser,
    content: createContentClient({
      baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS,
    }),
    concurrency: config.EXTRACTION_WORKERS,
    claimTtlMs: config.IDEMPOTENCY_CLAIM_TTL_MS,
    limits: { maxFilesPerRequest: config.MAX_FILES_PER_REQUEST, maxFileBytes: config.MAX_FILE_BYTES, maxRequestBytes: config.MAX_REQUEST_BYTES },
  });
  const consumer = consumeWhenReachable(runtime, [batchErasureHandler({
    service: SERVICE_NAME, uow, sqlite: database.sqlite, content: eraser,
    storageIds: (r) => uploadStorageIds(database.db, r.batch_id), eraseRows: (tx, r) => eraseUploads(tx, r.batch_id),
  }), removedUploadHandler({ service: SERVICE_NAME, uow, db: database.db, sqlite: database.sqlite, content: eraser })], logger);
  const http = serveHttp(app, { port: config.HTTP_PORT, logger, maxRequestBodySize: config.MAX_REQUEST_BYTES + BODY_OVERHEAD_BYTES });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await consumer.stop();
      await pool.stop();
      await runtime.stop();
    },
  };
}
