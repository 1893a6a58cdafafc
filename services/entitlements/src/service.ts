import { databaseReachable } from "@shared/db/database.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { EntitlementsConfig } from "./config.ts";
import type { CreditPolicy } from "./domain/credit-policy.ts";
import { resourceConsumedHandler } from "./handlers/resource-consumed.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerCreditAdminRoutes } from "./http/admin-routes.ts";
import { registerEntitlementRoutes } from "./http/routes.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = `${import.meta.dir}/db/migrations`;

export function creditPolicyFrom(config: EntitlementsConfig): CreditPolicy {
  return {
    costs: { cj_comparison: config.COST_CJ_COMPARISON, ai_feedback: config.COST_AI_FEEDBACK },
    initialGrant: { user: config.INITIAL_USER_CREDITS, org: config.INITIAL_ORG_CREDITS },
  };
}

/** Build and start entitlements: SQLite accounts and ledger, the consumption consumer, the internal API. */
export async function startEntitlementsService(config: EntitlementsConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const runtime = await startEventRuntime({
    service: SERVICE_NAME, common: config.common, logger, metrics,
    database: { path: config.dbPath, migrationsFolder: MIGRATIONS },
  });
  const { database, uow } = runtime;
  const policy = creditPolicyFrom(config);
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: () => databaseReachable(database.sqlite),
    },
  });
  registerEntitlementRoutes(app, { db: database.db, policy, logger, metrics });
  registerCreditAdminRoutes(app, { db: database.db, policy, logger });
  try {
    await runtime.consume([resourceConsumedHandler({ uow, policy, metrics })]);
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
