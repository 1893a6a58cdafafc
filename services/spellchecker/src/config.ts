import * as v from "valibot";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";
import { enumValues, Language } from "@shared/contracts/enums.ts";

const LANGUAGES = enumValues(Language);

const SpellcheckerConfigSchema = v.object({
  /** Health and metrics only; the work arrives on streams. */
  HTTP_PORT: v.optional(portFromEnv(), "8002"),
  /** Timeout of each call to the content service. */
  CONTENT_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** Timeout of the class-roster lookup; past it the essay is spell-checked without the pupils' names. */
  ROSTER_TIMEOUT_MS: v.optional(intFromEnv(10), "2000"),
  /** Batches whose roster names are remembered at most, and for how long. */
  ROSTER_CACHE_SIZE: v.optional(intFromEnv(1), "500"),
  ROSTER_CACHE_TTL_MS: v.optional(intFromEnv(0), "60000"),
  /** How long a handled request's event id is remembered for deduplication. */
  PROCESSED_TTL_SECONDS: v.optional(intFromEnv(1), String(7 * 24 * 3600)),
  /**
   * Languages whose dictionaries load before the first essay is read (comma-separated, or "none");
   * the others load on their first essay (the Swedish one takes ~150 MB and ~5 s). Default: all.
   */
  WARM_LANGUAGES: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => (s.trim() === "none" ? [] : s.split(",").map((l) => l.trim()))),
      v.array(v.picklist(LANGUAGES, `must be "none" or a comma-separated list of ${LANGUAGES.join(", ")}`)),
    ),
    LANGUAGES.join(","),
  ),
});

const ServiceUrlsSchema = v.object({
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:8001"),
  /** The batch's class roster (pupils' names are never corrected) comes from class-management. */
  CLASS_MANAGEMENT_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:5002"),
});

export type SpellcheckerConfig = v.InferOutput<typeof SpellcheckerConfigSchema> & { common: CommonConfig; contentServiceUrl: string; classManagementUrl: string };

/**
 * Env vars: SPELLCHECKER_HTTP_PORT, SPELLCHECKER_CONTENT_TIMEOUT_MS, SPELLCHECKER_ROSTER_TIMEOUT_MS,
 * SPELLCHECKER_ROSTER_CACHE_SIZE, SPELLCHECKER_ROSTER_CACHE_TTL_MS, SPELLCHECKER_PROCESSED_TTL_SECONDS,
 * SPELLCHECKER_WARM_LANGUAGES;
 * CONTENT_SERVICE_URL and CLASS_MANAGEMENT_URL (no prefix).
 */
export function loadSpellcheckerConfig(env: Record<string, string | undefined> = process.env): SpellcheckerConfig {
  const own = loadConfig("SPELLCHECKER_", SpellcheckerConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, env);
  return {
    ...own, common: loadCommonConfig(env),
    contentServiceUrl: urls.CONTENT_SERVICE_URL.replace(/\/+$/, ""), classManagementUrl: urls.CLASS_MANAGEMENT_URL.replace(/\/+$/, ""),
  };
}
