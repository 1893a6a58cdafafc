import * as v from "valibot";
import { loadCommonConfig, loadConfig, numberFromEnv, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const BcsConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "4002"),
  PIPELINES_FILE: v.optional(v.string(), `${import.meta.dir}/../pipelines.yaml`),
  DLQ_PUBLISH_TIMEOUT_SECONDS: v.optional(numberFromEnv(0.01), "5"),
  /** Where resolution failures are dead-lettered; defaults to REDIS_URL. */
  DLQ_REDIS_URL: v.optional(v.string()),
});

export type BcsConfig = v.InferOutput<typeof BcsConfigSchema> & { common: CommonConfig };

/** Env vars: BCS_HTTP_PORT, BCS_PIPELINES_FILE, BCS_DLQ_PUBLISH_TIMEOUT_SECONDS, BCS_DLQ_REDIS_URL. */
export function loadBcsConfig(env: Record<string, string | undefined> = process.env): BcsConfig {
  return { ...loadConfig("BCS_", BcsConfigSchema, env), common: loadCommonConfig(env) };
}
