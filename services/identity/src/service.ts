import { databaseReachable, openDatabase } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import { createAccessTokens } from "./auth/access-tokens.ts";
import { createAttemptLimiter } from "./auth/attempt-limiter.ts";
import { createRefreshTokens } from "./auth/refresh-tokens.ts";
import { loadSigningKey } from "./auth/signing-key.ts";
import type { IdentityConfig } from "./config.ts";
import { createIdentityRepository } from "./db/repository.ts";
import { openApiDocument } from "./http/openapi.ts";
import { retryAfter } from "./http/retry-after.ts";
import { registerAuthRoutes } from "./http/routes.ts";

export const SERVICE_NAME = "identity";
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

/** Build and start the identity service from its config (port 0 in tests). */
export async function startIdentityService(config: IdentityConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const key = await loadSigningKey({ pem: config.JWT_PRIVATE_KEY, path: config.signingKeyPath });
  const database = openDatabase(config.dbPath, MIGRATIONS);
  const repository = createIdentityRepository(database.db);
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument,
    readiness: { database: () => databaseReachable(database.sqlite) },
  });
  app.use(retryAfter());
  registerAuthRoutes(app, {
    repository, logger, metrics,
    accessTokens: createAccessTokens({ key, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS }),
    refreshTokens: createRefreshTokens({ repository, ttlSeconds: config.REFRESH_TOKEN_TTL_SECONDS, logger }),
    loginLimiter: createAttemptLimiter({ repository, limit: config.LOGIN_RATE_LIMIT, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS, what: "login" }),
    registerLimiter: createAttemptLimiter({ repository, limit: config.REGISTER_RATE_LIMIT, windowSeconds: config.REGISTER_RATE_WINDOW_SECONDS, what: "registration" }),
    decoyHash: await Bun.password.hash(crypto.randomUUID(), { algorithm: "argon2id" }),
    trustForwardedFor: config.TRUST_FORWARDED_FOR,
  });
  const http = serveHttp(app, { port: config.HTTP_PORT, logger, maxRequestBodySize: 64 * 1024 });
  logger.info("signing key ready", { kid: key.kid });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      database.close();
    },
  };
}
