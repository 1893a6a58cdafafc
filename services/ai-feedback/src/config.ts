import * as v from "valibot";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const AiFeedbackConfigSchema = v.object({
  /** Health and metrics only; the work arrives on streams. */
  HTTP_PORT: v.optional(portFromEnv(), "8004"),
  DB_PATH: v.optional(v.string()),
  /** Timeout of each call to the content service (prompt text in, feedback text out). */
  CONTENT_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** LLM requests expire after this long in the LPS queue (answered with an error result); 0 = never. */
  LLM_REQUEST_TTL_MS: v.optional(intFromEnv(0), "0"),
  /** LPS queue priority of feedback requests (0 = most urgent). */
  LLM_PRIORITY: v.optional(intFromEnv(0, 9), "5"),
  /** Characters of feedback carried in the result event as a preview. */
  PREVIEW_CHARS: v.optional(intFromEnv(20, 2000), "280"),
});

const ServiceUrlsSchema = v.object({
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url("CONTENT_SERVICE_URL must be a URL")), "http://127.0.0.1:8001"),
});

export type AiFeedbackConfig = v.InferOutput<typeof AiFeedbackConfigSchema> & { common: CommonConfig; dbPath: string; contentServiceUrl: string };

/**
 * Env vars: AI_FEEDBACK_HTTP_PORT, AI_FEEDBACK_DB_PATH, AI_FEEDBACK_CONTENT_TIMEOUT_MS,
 * AI_FEEDBACK_LLM_REQUEST_TTL_MS, AI_FEEDBACK_LLM_PRIORITY, AI_FEEDBACK_PREVIEW_CHARS;
 * CONTENT_SERVICE_URL (no prefix).
 */
export function loadAiFeedbackConfig(env: Record<string, string | undefined> = process.env): AiFeedbackConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("AI_FEEDBACK_", AiFeedbackConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, { CONTENT_SERVICE_URL: env.CONTENT_SERVICE_URL });
  return {
    ...own, common,
    dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/ai-feedback/ai-feedback.sqlite`,
    contentServiceUrl: urls.CONTENT_SERVICE_URL.replace(/\/+$/, ""),
  };
}
