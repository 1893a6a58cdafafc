import { databaseReachable } from "@shared/db/database.ts";
import { openPostgres, postgresReachable } from "@shared/db/postgres.ts";
import { createServiceApp } from "@shared/http/app.ts";
import { createLogger, type Logger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { startEventRuntime, type EventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { serveHttp } from "@shared/runtime/serve.ts";
import type { EntitlementsConfig } from "./config.ts";
import { createPgEntitlementsStore } from "./db/pg-store.ts";
import { createSqliteEntitlementsStore, type EntitlementsStore } from "./db/store.ts";
import type { CreditPolicy } from "./domain/credit-policy.ts";
import { resourceConsumedHandler } from "./handlers/resource-consumed.ts";
import { openApiDocument } from "./http/openapi.ts";
import { registerCreditAdminRoutes } from "./http/admin-routes.ts";
import { registerEntitlementRoutes } from "./http/routes.ts";
import { SERVICE_NAME } from "./service-name.ts";

export { SERVICE_NAME };
const MIGRATIONS = { sqlite: `${import.meta.dir}/db/migrations`, postgres: `${import.meta.dir}/db/migrations-pg` };

export function creditPolicyFrom(config: EntitlementsConfig): CreditPolicy {
  return {
    costs: { cj_comparison: config.COST_CJ_COMPARISON, ai_feedback: config.COST_AI_FEEDBACK },
    initialGrant: { user: config.INITIAL_USER_CREDITS, org: config.INITIAL_ORG_CREDITS },
  };
}

interface OpenedRuntime {
  runtime: EventRuntime;
  store: EntitlementsStore;
  databaseReachable(): boolean | Promise<boolean>;
  /** After the runtime stopped (the consumer no longer writes). */
  closeDatabase(): Promise<void>;
}

/**
 * The event runtime and the store of the configured dialect. SQLite: the runtime opens the file and
 * gives its unit of work. PostgreSQL: the runtime is Redis only (entitlements emits no events, so no
 * outbox relay is needed) and the store has its own pool.
 */
async function openRuntime(config: EntitlementsConfig, policy: CreditPolicy, logger: Logger, metrics: ReturnType<typeof createMetrics>): Promise<OpenedRuntime> {
  const target = config.database;
  if (target.dialect === "sqlite") {
    const runtime = await startEventRuntime({
      service: SERVICE_NAME, common: config.common, logger, metrics,
      database: { path: target.path, migrationsFolder: MIGRATIONS.sqlite },
    });
    return {
      runtime, store: createSqliteEntitlementsStore(runtime.database.db, runtime.uow, policy),
      databaseReachable: () => databaseReachable(runtime.database.sqlite), closeDatabase: async () => undefined,
    };
  }
  const pg = await openPostgres(target.url, MIGRATIONS.postgres);
  try {
    const runtime = await startEventRuntime({ service: SERVICE_NAME, common: config.common, logger, metrics });
    return { runtime, store: createPgEntitlementsStore(pg.db, policy), databaseReachable: () => postgresReachable(pg.client), closeDatabase: pg.close };
  } catch (err) {
    await pg.close();
    throw err;
  }
}

/** Build and start entitlements: accounts and ledger (SQLite or PostgreSQL), the consumption consumer, the internal API. */
export async function startEntitlementsService(config: EntitlementsConfig, logger: Logger = createLogger(SERVICE_NAME)): Promise<RunningService & { url: string }> {
  const metrics = createMetrics(SERVICE_NAME, { defaultMetrics: true });
  const policy = creditPolicyFrom(config);
  const { runtime, store, databaseReachable: reachable, closeDatabase } = await openRuntime(config, policy, logger, metrics);
  const stopRuntime = async () => {
    await runtime.stop();
    await closeDatabase();
  };
  const app = createServiceApp({
    service: SERVICE_NAME, logger, metrics, openapi: openApiDocument, internalApiKey: config.common.HULEEDU_INTERNAL_API_KEY,
    readiness: {
      redis: async () => (await runtime.redis.ping()) === "PONG",
      database: reachable,
    },
  });
  registerEntitlementRoutes(app, { store, policy, logger, metrics });
  registerCreditAdminRoutes(app, { store, logger });
  try {
    await runtime.consume([resourceConsumedHandler({ store, policy, metrics })]);
  } catch (err) {
    await stopRuntime();
    throw err;
  }
  const http = serveHttp(app, { port: config.HTTP_PORT, logger });
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.stop();
      await stopRuntime();
    },
  };
}
