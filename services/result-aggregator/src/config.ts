import * as v from "valibot";
import { loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const RasConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "4003"),
  DB_PATH: v.optional(v.string()),
});

const ServiceUrlsSchema = v.object({
  /** Result blobs (corrected texts, metrics, feedback) are erased there with their batch. */
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url("CONTENT_SERVICE_URL must be a URL")), "http://127.0.0.1:8001"),
});

export type RasConfig = v.InferOutput<typeof RasConfigSchema> &
  v.InferOutput<typeof ServiceUrlsSchema> & { common: CommonConfig; dbPath: string };

/**
 * Env vars: RAS_HTTP_PORT, RAS_DB_PATH; CONTENT_SERVICE_URL without prefix. RAS calls no other
 * service for its views: they are built from events alone.
 */
export function loadRasConfig(env: Record<string, string | undefined> = process.env): RasConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("RAS_", RasConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, { CONTENT_SERVICE_URL: env.CONTENT_SERVICE_URL });
  return { ...own, ...urls, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/result-aggregator/ras.sqlite` };
}
