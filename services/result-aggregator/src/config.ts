import * as v from "valibot";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const RasConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "4003"),
  DB_PATH: v.optional(v.string()),
  /** Per-attempt timeout of the BOS pipeline-state lookup for a batch RAS has not seen. */
  BOS_TIMEOUT_MS: v.optional(intFromEnv(10), "5000"),
  /** Attempts per delivery before the lookup fails and the entry is left unacked for the bus to retry. */
  BOS_QUERY_ATTEMPTS: v.optional(intFromEnv(1, 10), "3"),
  /** First backoff between attempts; doubles each time. */
  BOS_RETRY_BASE_MS: v.optional(intFromEnv(0), "500"),
});

const ServiceUrlsSchema = v.object({
  BOS_URL: v.optional(v.pipe(v.string(), v.url("BOS_URL must be a URL")), "http://127.0.0.1:5001"),
  /** Result blobs (corrected texts, metrics, feedback) are erased there with their batch. */
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url("CONTENT_SERVICE_URL must be a URL")), "http://127.0.0.1:8001"),
});

export type RasConfig = v.InferOutput<typeof RasConfigSchema> &
  v.InferOutput<typeof ServiceUrlsSchema> & { common: CommonConfig; dbPath: string };

/**
 * Env vars: RAS_HTTP_PORT, RAS_DB_PATH, RAS_BOS_TIMEOUT_MS, RAS_BOS_QUERY_ATTEMPTS,
 * RAS_BOS_RETRY_BASE_MS; BOS_URL and CONTENT_SERVICE_URL without prefix.
 */
export function loadRasConfig(env: Record<string, string | undefined> = process.env): RasConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("RAS_", RasConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, { BOS_URL: env.BOS_URL, CONTENT_SERVICE_URL: env.CONTENT_SERVICE_URL });
  return { ...own, ...urls, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/result-aggregator/ras.sqlite` };
}
