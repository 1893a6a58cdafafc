import * as v from "valibot";
import { ConfigError, intFromEnv, loadCommonConfig, loadConfig, numberFromEnv, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

export const SERVICE_NAME = "llm-provider";

export const ProviderNameSchema = v.picklist(["local", "anthropic", "openai"]);

const LpsConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "8090"),
  DB_PATH: v.optional(v.string()),
  /** Provider when a request names none; unset = anthropic/openai when their key is set, else local. */
  DEFAULT_PROVIDER: v.optional(ProviderNameSchema),
  ANTHROPIC_BASE_URL: v.optional(v.pipe(v.string(), v.url())),
  ANTHROPIC_MODEL: v.optional(v.string()),
  OPENAI_BASE_URL: v.optional(v.pipe(v.string(), v.url())),
  OPENAI_MODEL: v.optional(v.string()),
  /** Extra time each local-judge comparison takes (a stand-in for vendor latency in demos and tests); 0 = none. */
  LOCAL_JUDGE_DELAY_MS: v.optional(intFromEnv(0, 60_000), "0"),
  /** Provider calls in flight at once (a bundle is one call). */
  CONCURRENCY: v.optional(intFromEnv(1, 256), "4"),
  /** Serial bundling: up to this many compatible comparisons per vendor call; 1 disables it. */
  BUNDLE_SIZE: v.optional(intFromEnv(1, 32), "1"),
  /** Local-judge requests one worker takes and answers at once (in-process calls; 1 = one by one). */
  LOCAL_BATCH_SIZE: v.optional(intFromEnv(1, 256), "32"),
  /** Rate limits per vendor, shared through Redis by every LPS process. */
  REQUESTS_PER_MINUTE: v.optional(intFromEnv(2), "50"),
  /** 0 disables the token bucket. */
  TOKENS_PER_MINUTE: v.optional(intFromEnv(0), "40000"),
  /** The window the two limits are counted over (tests shorten it). */
  RATE_WINDOW_MS: v.optional(intFromEnv(100), "60000"),
  REQUEST_BURST: v.optional(intFromEnv(1)),
  TOKEN_BURST: v.optional(intFromEnv(1)),
  MIN_GAP_MS: v.optional(intFromEnv(0), "0"),
  /** A call waiting longer than this for the limiter fails retryable instead. */
  RATE_MAX_WAIT_MS: v.optional(intFromEnv(1), "300000"),
  /** Output token caps: a verdict, a bundle item, a feedback text. */
  MAX_TOKENS: v.optional(intFromEnv(16), "512"),
  FEEDBACK_MAX_TOKENS: v.optional(intFromEnv(16), "1024"),
  TEMPERATURE: v.optional(numberFromEnv(0)),
  VENDOR_TIMEOUT_MS: v.optional(intFromEnv(100), "60000"),
  RETRY_MAX_ATTEMPTS: v.optional(intFromEnv(1, 20), "5"),
  RETRY_BASE_DELAY_MS: v.optional(intFromEnv(1), "1000"),
  RETRY_MAX_DELAY_MS: v.optional(intFromEnv(1), "30000"),
  RETRY_MAX_TOTAL_MS: v.optional(intFromEnv(1), "120000"),
  CONTENT_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** How often idle workers look at the queue and expired requests are answered. */
  POLL_MS: v.optional(intFromEnv(10), "500"),
  /** On stop, in-flight calls get this long to finish before they are aborted and requeued. */
  STOP_GRACE_MS: v.optional(intFromEnv(0), "10000"),
});

const UnprefixedSchema = v.object({
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url("CONTENT_SERVICE_URL must be a URL")), "http://127.0.0.1:8001"),
  ANTHROPIC_API_KEY: v.optional(v.string()),
  OPENAI_API_KEY: v.optional(v.string()),
});

export type LpsConfig = v.InferOutput<typeof LpsConfigSchema> &
  v.InferOutput<typeof UnprefixedSchema> & { common: CommonConfig; dbPath: string };

/**
 * Env vars: LPS_* above; CONTENT_SERVICE_URL, ANTHROPIC_API_KEY and OPENAI_API_KEY without prefix
 * (setting a key switches the default provider with no code change).
 */
export function loadLpsConfig(env: Record<string, string | undefined> = process.env): LpsConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("LPS_", LpsConfigSchema, env);
  const unprefixed = loadConfig("", UnprefixedSchema, {
    CONTENT_SERVICE_URL: env.CONTENT_SERVICE_URL,
    ANTHROPIC_API_KEY: env.ANTHROPIC_API_KEY,
    OPENAI_API_KEY: env.OPENAI_API_KEY,
  });
  if (own.DEFAULT_PROVIDER === "anthropic" && !unprefixed.ANTHROPIC_API_KEY) throw new ConfigError("LPS_DEFAULT_PROVIDER=anthropic needs ANTHROPIC_API_KEY");
  if (own.DEFAULT_PROVIDER === "openai" && !unprefixed.OPENAI_API_KEY) throw new ConfigError("LPS_DEFAULT_PROVIDER=openai needs OPENAI_API_KEY");
  return { ...own, ...unprefixed, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/llm-provider/lps.sqlite` };
}
