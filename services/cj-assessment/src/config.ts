import * as v from "valibot";
import { boolFromEnv, intFromEnv, loadCommonConfig, loadConfig, numberFromEnv, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";
import { DEFAULT_COMPLETION_POLICY } from "./domain/completion.ts";

/** Service name: event source, consumer group and processed-events consumer. */
export const SERVICE_NAME = "cj-assessment";

const CjConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "9095"),
  DB_PATH: v.optional(v.string()),
  /** Fixed comparison budget per batch when the request names none; unset: COMPARISONS_PER_ITEM decides. */
  DEFAULT_TOTAL_BUDGET: v.optional(intFromEnv(1, 10_000)),
  /** Default budget = ⌈items × this / 2⌉ (each comparison involves two items). */
  COMPARISONS_PER_ITEM: v.optional(intFromEnv(1, 200), "12"),
  /** Extra requests for a pair after error results before it is abandoned for its round. */
  PAIR_RETRY_LIMIT: v.optional(intFromEnv(0, 20), "2"),
  /** A pair abandoned this many times is not planned again in the batch. */
  PAIR_ABANDON_LIMIT: v.optional(intFromEnv(1, 20), "2"),
  /** A batch finishes early once the fit's expected Spearman ρ with the true order reaches this (0..1]. */
  TARGET_RANK_AGREEMENT: v.optional(v.pipe(numberFromEnv(0), v.maxValue(1)), String(DEFAULT_COMPLETION_POLICY.targetRankAgreement)),
  /** ...and every item has at least this many valid comparisons. */
  MIN_COMPARISONS_PER_ITEM: v.optional(intFromEnv(0, 1000), String(DEFAULT_COMPLETION_POLICY.minComparisonsPerItem)),
  /** Use the judge's confidence as a soft outcome in the fit (true) or only its named winner (false). */
  SOFT_OUTCOMES: v.optional(boolFromEnv(), "true"),
  /** Retired with the score-stability rule: still accepted so old env files load, but ignored (a warning says so). */
  STABILITY_THRESHOLD: v.optional(numberFromEnv(0)),
  DEFAULT_SEED: v.optional(intFromEnv(0, 2 ** 32 - 1), "20240601"),
  /** The stall monitor's sweep period. */
  MONITOR_INTERVAL_MS: v.optional(intFromEnv(50), "60000"),
  /** A waiting batch with no callback for this long is recovered by the monitor. */
  STALL_TIMEOUT_MS: v.optional(intFromEnv(50), "600000"),
  /** Re-issues of a round's missing requests before its pending pairs are abandoned. */
  MAX_STALL_RECOVERIES: v.optional(intFromEnv(0, 100), "3"),
  /** LLM requests expire after this long in the LPS queue (answered with an error); 0 = never. */
  LLM_REQUEST_TTL_MS: v.optional(intFromEnv(0), "0"),
  CONTENT_TIMEOUT_MS: v.optional(intFromEnv(10), "5000"),
  /** Anchors an assignment may hold and characters an anchor text may have. */
  MAX_ANCHORS_PER_ASSIGNMENT: v.optional(intFromEnv(1, 500), "50"),
  MAX_ANCHOR_TEXT_CHARS: v.optional(intFromEnv(10), "50000"),
});

const UrlSchema = v.object({ CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:8001") });

export type CjConfig = v.InferOutput<typeof CjConfigSchema> & {
  common: CommonConfig;
  dbPath: string;
  contentServiceUrl: string;
};

/**
 * Env vars (prefix CJ_): HTTP_PORT, DB_PATH, DEFAULT_TOTAL_BUDGET, COMPARISONS_PER_ITEM, PAIR_RETRY_LIMIT,
 * PAIR_ABANDON_LIMIT, TARGET_RANK_AGREEMENT, MIN_COMPARISONS_PER_ITEM, SOFT_OUTCOMES, DEFAULT_SEED, MONITOR_INTERVAL_MS,
 * STALL_TIMEOUT_MS, MAX_STALL_RECOVERIES, LLM_REQUEST_TTL_MS, CONTENT_TIMEOUT_MS,
 * MAX_ANCHORS_PER_ASSIGNMENT, MAX_ANCHOR_TEXT_CHARS; and CONTENT_SERVICE_URL (no prefix).
 */
export function loadCjConfig(env: Record<string, string | undefined> = process.env): CjConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("CJ_", CjConfigSchema, env);
  const urls = loadConfig("", UrlSchema, env);
  return {
    ...own, common,
    dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/cj-assessment/cj-assessment.sqlite`,
    contentServiceUrl: urls.CONTENT_SERVICE_URL.replace(/\/+$/, ""),
  };
}
