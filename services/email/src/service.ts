import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { EmailConfig } from "./config.ts";
import { createMailSender } from "./delivery/mail-sender.ts";
import { createSmtpTransport } from "./delivery/smtp-transport.ts";
import { emailRequestedHandler } from "./handlers/email-requested.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerEmailRoutes } from "./http/routes.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** Build and start the e-mail service: request consumer, SMTP sender loop, internal read API. */
export async function startEmailService(config: EmailConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const transport = createSmtpTransport({
    host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, ignoreTls: config.SMTP_IGNORE_TLS,
    user: config.SMTP_USER, password: config.SMTP_PASSWORD, timeoutMs: config.SMTP_TIMEOUT_MS,
  });
  const sender = createMailSender({
    db: database.db, uow, transport, from: config.FROM, maxAttempts: config.MAX_ATTEMPTS,
    retryBaseMs: config.RETRY_BASE_MS, retryMaxMs: config.RETRY_MAX_MS, pollMs: config.POLL_MS, leaseMs: config.LEASE_MS,
    dlq: runtime.dlq, service: SERVICE_NAME, logger, metrics,
  });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  registerEmailRoutes(app, { db: database.db });
  try {
    await runtime.consume([emailRequestedHandler({ uow, wakeSender: () => sender.wake() })]);
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  sender.start();
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  logger.info("e-mail sender ready", { smtp_host: config.SMTP_HOST, smtp_port: config.SMTP_PORT, smtp_auth: config.SMTP_USER ? "configured" : "none" });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await sender.stop();
      await runtime.stop();
    },
  };
}
