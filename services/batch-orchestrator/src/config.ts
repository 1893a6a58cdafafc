import * as v from "valibot";
import { boolFromEnv, intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const BosConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "5001"),
  DB_PATH: v.optional(v.string()),
  /** How long BOS waits for BCS to resolve a pipeline. */
  BCS_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** Ask entitlements for credits before resolving a pipeline that spends LLM calls. */
  ENTITLEMENTS_ENABLED: v.optional(boolFromEnv(), "false"),
  /** How long BOS waits for an entitlements check. */
  ENTITLEMENTS_TIMEOUT_MS: v.optional(intFromEnv(10), "5000"),
  /** Comparisons per essay CJ plans when a batch names no budget (mirrors CJ_COMPARISONS_PER_ITEM), for the credit estimate. */
  CJ_COMPARISONS_PER_ITEM: v.optional(intFromEnv(1, 200), "12"),
  /** Services that erase their share of a deleted batch; the erasure completes when all confirmed. */
  ERASURE_PARTICIPANTS: v.optional(
    v.pipe(v.string(), v.transform((s) => s.split(",").map((p) => p.trim()).filter((p) => p.length > 0)), v.minLength(1, "must name at least one service")),
    "essay-lifecycle,result-aggregator,file-service,cj-assessment,llm-provider,ai-feedback",
  ),
  /** Retention: batches older than this many days are erased (0 = off, the default). */
  RETENTION_DAYS: v.optional(intFromEnv(0), "0"),
  /** Per organisation, overriding RETENTION_DAYS: `org-a=30,org-b=0`. */
  RETENTION_DAYS_BY_ORG: v.optional(v.string(), ""),
  /** The owner is told this many days before the erasure. */
  RETENTION_NOTICE_DAYS: v.optional(intFromEnv(0), "7"),
  RETENTION_SWEEP_SECONDS: v.optional(intFromEnv(1), "3600"),
  /** class-management is deployed: a batch with a class_id waits for confirmed author matching before it is ready. */
  CLASS_MATCHING_ENABLED: v.optional(boolFromEnv(), "false"),
});

const ServiceUrlsSchema = v.object({
  BCS_URL: v.optional(v.pipe(v.string(), v.url("BCS_URL must be a URL")), "http://127.0.0.1:4002"),
  ENTITLEMENTS_URL: v.optional(v.pipe(v.string(), v.url("ENTITLEMENTS_URL must be a URL")), "http://127.0.0.1:8083"),
});

export type BosConfig = v.InferOutput<typeof BosConfigSchema> &
  v.InferOutput<typeof ServiceUrlsSchema> & { common: CommonConfig; dbPath: string };

/**
 * Env vars: BOS_HTTP_PORT, BOS_DB_PATH, BOS_BCS_TIMEOUT_MS, BOS_ENTITLEMENTS_ENABLED,
 * BOS_ENTITLEMENTS_TIMEOUT_MS, BOS_CJ_COMPARISONS_PER_ITEM, BOS_ERASURE_PARTICIPANTS, BOS_RETENTION_DAYS, BOS_RETENTION_DAYS_BY_ORG, BOS_RETENTION_NOTICE_DAYS,
 * BOS_RETENTION_SWEEP_SECONDS; BCS_URL and ENTITLEMENTS_URL without prefix.
 */
export function loadBosConfig(env: Record<string, string | undefined> = process.env): BosConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("BOS_", BosConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, { BCS_URL: env.BCS_URL, ENTITLEMENTS_URL: env.ENTITLEMENTS_URL });
  return { ...own, ...urls, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/batch-orchestrator/bos.sqlite` };
}
