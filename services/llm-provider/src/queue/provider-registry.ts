import type { Redis } from "@shared/bus/redis.ts";
import type { ProviderName } from "../domain/errors.ts";
import { createAnthropicProvider } from "../providers/anthropic.ts";
import { createLocalJudge } from "../providers/local-judge.ts";
import { createOpenAiProvider } from "../providers/openai.ts";
import type { LlmProvider } from "../providers/types.ts";
import type { VendorProviderConfig } from "../providers/vendor-provider.ts";
import { RedisRateLimiter } from "../rate-limit/redis-rate-limiter.ts";
import type { LpsConfig } from "../config.ts";

/** The providers this instance can call, and which one a request gets. */
export interface ProviderRegistry {
  /** The provider used when a request names none. */
  readonly defaultName: ProviderName;
  get(name: ProviderName): LlmProvider | undefined;
  /** `override` if given, else the default; undefined when that provider is not configured (no key). */
  resolve(override: ProviderName | null | undefined): { name: ProviderName; provider: LlmProvider | undefined };
}

/** The default: the configured one, else the first vendor with a key, else the local judge. */
export function defaultProviderName(config: Pick<LpsConfig, "DEFAULT_PROVIDER" | "ANTHROPIC_API_KEY" | "OPENAI_API_KEY">): ProviderName {
  if (config.DEFAULT_PROVIDER) return config.DEFAULT_PROVIDER;
  if (config.ANTHROPIC_API_KEY) return "anthropic";
  if (config.OPENAI_API_KEY) return "openai";
  return "local";
}

/**
 * Local judge always; each vendor whose key is set, behind its own Redis rate limiter (scope = the
 * vendor, so every LPS process shares the same buckets).
 */
export function createProviderRegistry(config: LpsConfig, redis: Redis): ProviderRegistry {
  const providers = new Map<ProviderName, LlmProvider>([["local", createLocalJudge({ comparisonDelayMs: config.LOCAL_JUDGE_DELAY_MS })]]);
  const vendor = (name: "anthropic" | "openai", apiKey: string, baseUrl: string | undefined, model: string | undefined): VendorProviderConfig => ({
    apiKey,
    ...(baseUrl ? { baseUrl } : {}),
    ...(model ? { model } : {}),
    maxTokens: config.MAX_TOKENS,
    feedbackMaxTokens: config.FEEDBACK_MAX_TOKENS,
    ...(config.TEMPERATURE !== undefined ? { temperature: config.TEMPERATURE } : {}),
    timeoutMs: config.VENDOR_TIMEOUT_MS,
    retry: {
      maxAttempts: config.RETRY_MAX_ATTEMPTS,
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      maxDelayMs: config.RETRY_MAX_DELAY_MS,
      maxTotalMs: config.RETRY_MAX_TOTAL_MS,
    },
    gate: new RedisRateLimiter(redis, {
      scope: name,
      provider: name,
      requestsPerWindow: config.REQUESTS_PER_MINUTE,
      tokensPerWindow: config.TOKENS_PER_MINUTE,
      windowMs: config.RATE_WINDOW_MS,
      minGapMs: config.MIN_GAP_MS,
      maxWaitMs: config.RATE_MAX_WAIT_MS,
      ...(config.REQUEST_BURST !== undefined ? { requestBurst: config.REQUEST_BURST } : {}),
      ...(config.TOKEN_BURST !== undefined ? { tokenBurst: config.TOKEN_BURST } : {}),
    }),
  });
  if (config.ANTHROPIC_API_KEY) {
    providers.set("anthropic", createAnthropicProvider(vendor("anthropic", config.ANTHROPIC_API_KEY, config.ANTHROPIC_BASE_URL, config.ANTHROPIC_MODEL)));
  }
  if (config.OPENAI_API_KEY) {
    providers.set("openai", createOpenAiProvider(vendor("openai", config.OPENAI_API_KEY, config.OPENAI_BASE_URL, config.OPENAI_MODEL)));
  }
  const defaultName = defaultProviderName(config);
  return {
    defaultName,
    get: (name) => providers.get(name),
    resolve(override) {
      const name = override ?? defaultName;
      return { name, provider: providers.get(name) };
    },
  };
}
