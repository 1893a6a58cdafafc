import * as v from "valibot";
import { databaseTarget, type DatabaseTarget } from "@shared/db/dialect.ts";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const EntitlementsConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "8083"),
  DB_PATH: v.optional(v.string()),
  /** Credits a user account starts with, granted the first time the user is seen. */
  INITIAL_USER_CREDITS: v.optional(intFromEnv(0), "1000"),
  /** Credits an organisation account starts with, granted the first time the organisation is seen. */
  INITIAL_ORG_CREDITS: v.optional(intFromEnv(0), "10000"),
  /** Credits one unit of each resource costs. */
  COST_CJ_COMPARISON: v.optional(intFromEnv(0), "1"),
  COST_AI_FEEDBACK: v.optional(intFromEnv(0), "2"),
});

export type EntitlementsConfig = v.InferOutput<typeof EntitlementsConfigSchema> & { common: CommonConfig; dbPath: string; database: DatabaseTarget };

/**
 * Env vars: ENTITLEMENTS_HTTP_PORT, ENTITLEMENTS_DB_PATH, ENTITLEMENTS_INITIAL_USER_CREDITS,
 * ENTITLEMENTS_INITIAL_ORG_CREDITS, ENTITLEMENTS_COST_CJ_COMPARISON, ENTITLEMENTS_COST_AI_FEEDBACK, and
 * ENTITLEMENTS_DATABASE_URL or DATABASE_URL to keep accounts and ledger on PostgreSQL instead of the SQLite file.
 */
export function loadEntitlementsConfig(env: Record<string, string | undefined> = process.env): EntitlementsConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("ENTITLEMENTS_", EntitlementsConfigSchema, env);
  const dbPath = own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/entitlements/entitlements.sqlite`;
  return { ...own, common, dbPath, database: databaseTarget(env, "ENTITLEMENTS_", dbPath) };
}
