import * as v from "valibot";
import { databaseTarget, type DatabaseTarget } from "@shared/db/dialect.ts";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const ContentConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "8001"),
  DB_PATH: v.optional(v.string()),
  MAX_CONTENT_BYTES: v.optional(intFromEnv(1), String(25 * 1024 * 1024)),
});

export type ContentConfig = v.InferOutput<typeof ContentConfigSchema> & { common: CommonConfig; dbPath: string; database: DatabaseTarget };

/**
 * Env vars: CONTENT_SERVICE_HTTP_PORT, CONTENT_SERVICE_DB_PATH, CONTENT_SERVICE_MAX_CONTENT_BYTES, and
 * CONTENT_SERVICE_DATABASE_URL or DATABASE_URL to keep the content on PostgreSQL instead of the SQLite file.
 */
export function loadContentConfig(env: Record<string, string | undefined> = process.env): ContentConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("CONTENT_SERVICE_", ContentConfigSchema, env);
  const dbPath = own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/content-service/content.sqlite`;
  return { ...own, common, dbPath, database: databaseTarget(env, "CONTENT_SERVICE_", dbPath) };
}
