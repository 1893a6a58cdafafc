import { createServiceApp } from "@shared/http/app.ts";
import { createContentClient } from "@shared/http/content-client.ts";
import { databaseReachable } from "@shared/db/database.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { batchErasureHandler } from "@shared/lifecycle/erasure-handler.ts";
import type { AiFeedbackConfig } from "./config.ts";
import { eraseFeedbackState, feedbackStorageIds } from "./db/feedback-erasure.ts";
import { essayRemovedHandler, essayTextReplacedHandler } from "./handlers/essay-removed.ts";
import type { HandlerDeps } from "./handlers/deps.ts";
import { feedbackCompletedHandler, isOurFeedbackResult } from "./handlers/feedback-completed.ts";
import { deleteHandledEntries } from "@shared/bus/delete-handled-entries.ts";
import { feedbackRequestedHandler } from "./handlers/feedback-requested.ts";
import { pipelineCancelledHandler } from "./handlers/pipeline-cancelled.ts";
import { cjResultHandler } from "./handlers/cj-result.ts";
import { phaseOutcomeHandler } from "./handlers/phase-outcome.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/**
 * Build and start ai-feedback: health and metrics over HTTP; essays, phase results and LPS answers
 * from the streams; its small state (latest corrections and metrics, open requests) in SQLite.
 */
export async function startAiFeedbackService(config: AiFeedbackConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const deps: HandlerDeps = {
    uow, db: database.db, metrics,
    content: createContentClient({ baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS }),
    llmPriority: config.LLM_PRIORITY, llmRequestTtlMs: config.LLM_REQUEST_TTL_MS, previewChars: config.PREVIEW_CHARS,
  };
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  try {
    // Phase results first: in one read, an essay's corrections and metrics land before its request.
    const eraser = createContentEraser({ baseUrl: config.contentServiceUrl, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY, timeoutMs: config.CONTENT_TIMEOUT_MS, logger });
    await runtime.consume([phaseOutcomeHandler(deps), cjResultHandler(deps), feedbackRequestedHandler(deps), ...deleteHandledEntries([feedbackCompletedHandler(deps)], runtime.redis, isOurFeedbackResult), batchErasureHandler({
      service: SERVICE_NAME, uow, sqlite: database.sqlite, content: eraser,
      storageIds: (r) => feedbackStorageIds(database.db, r.batch_id), eraseRows: (tx, r) => eraseFeedbackState(tx, r.batch_id),
    }), essayRemovedHandler({ uow, db: database.db, content: eraser }),
      essayTextReplacedHandler({ uow, db: database.db, content: eraser }), pipelineCancelledHandler(uow)]);
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
