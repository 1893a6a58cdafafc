import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createAccessTokens } from "./auth/access-tokens.ts";
import { createAttemptLimiter } from "./auth/attempt-limiter.ts";
import { createRefreshTokens } from "./auth/refresh-tokens.ts";
import { createSessionTokens } from "./auth/session-tokens.ts";
import { loadSigningKey } from "./auth/signing-key.ts";
import type { IdentityConfig } from "./config.ts";
import { createIdentityRepository } from "./db/repository.ts";
import { registerAccountRoutes } from "./http/account-routes.ts";
import { openApiDocument } from "./http/openapi.ts";
import { retryAfter } from "./http/retry-after.ts";
import { registerAuthRoutes } from "./http/routes.ts";
import { batchMailHandlers } from "./handlers/batch-mails.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/**
 * Build and start the identity service from its config (port 0 in tests). Mails go out through the
 * outbox; BOS's pipeline completions and retention notices become mails to the batch owner.
 */
export async function startIdentityService(config: IdentityConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const key = await loadSigningKey({ pem: config.JWT_PRIVATE_KEY, path: config.signingKeyPath });
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const db = database.db;
  const repository = createIdentityRepository(db);
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      database: () => databaseReachable(database.sqlite),
      redis: async () => (await runtime.redis.ping()) === "PONG",
    },
  });
  app.use(retryAfter());
  const accessTokens = createAccessTokens({ key, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  const refreshTokens = createRefreshTokens({ repository, ttlSeconds: config.REFRESH_TOKEN_TTL_SECONDS, logger });
  const links = { appUrl: config.APP_URL.replace(/\/$/, ""), verificationTtlHours: config.VERIFICATION_TTL_HOURS, resetTtlMinutes: config.RESET_TTL_MINUTES };
  registerAuthRoutes(app, {
    repository, db, uow, logger, metrics, accessTokens, refreshTokens, links,
    sessionTokens: createSessionTokens({ db, accessTokens, refreshTokens }),
    loginLimiter: createAttemptLimiter({ repository, limit: config.LOGIN_RATE_LIMIT, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS, what: "login" }),
    registerLimiter: createAttemptLimiter({ repository, limit: config.REGISTER_RATE_LIMIT, windowSeconds: config.REGISTER_RATE_WINDOW_SECONDS, what: "registration" }),
    lockout: { freeFailures: config.LOCKOUT_FREE_FAILURES, baseSeconds: config.LOCKOUT_BASE_SECONDS, maxSeconds: config.LOCKOUT_MAX_SECONDS },
    decoyHash: await Bun.password.hash(crypto.randomUUID(), { algorithm: "argon2id" }),
    trustForwardedFor: config.TRUST_FORWARDED_FOR,
  });
  registerAccountRoutes(app, {
    repository, db, uow, accessTokens, links, logger, trustForwardedFor: config.TRUST_FORWARDED_FOR,
    mailLimiter: createAttemptLimiter({ repository, limit: config.MAIL_RATE_LIMIT, windowSeconds: config.MAIL_RATE_WINDOW_SECONDS, what: "mail" }),
  });
  try {
    await runtime.consume(batchMailHandlers({ uow, appUrl: links.appUrl, metrics }));
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  const http = serveHttp(app, { port: config.HTTP_PORT, logger, maxRequestBodySize: 64 * 1024 });
  logger.info("signing key ready", { kid: key.kid });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await runtime.stop();
    },
  };
}
