import * as v from "valibot";
import { intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const NlpConfigSchema = v.object({
  /** Health and metrics only; the work arrives on streams. */
  HTTP_PORT: v.optional(portFromEnv(), "8003"),
  /** Timeout of each call to the content service. */
  CONTENT_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** How long a handled request's event id is remembered for deduplication. */
  PROCESSED_TTL_SECONDS: v.optional(intFromEnv(1), String(7 * 24 * 3600)),
  /** Timeout of each call to the LanguageTool server. */
  GRAMMAR_TIMEOUT_MS: v.optional(intFromEnv(10), "10000"),
  /** "off" skips Harper (English offline grammar): no WASM setup, grammar metrics null. */
  HARPER: v.optional(v.picklist(["on", "off"]), "on"),
  /**
   * When Harper is set up: "start" (before the first essay is read, so no essay waits for it) or
   * "first-use" (on the first English check; ~250 MB and a few seconds saved until then).
   */
  HARPER_SETUP: v.optional(v.picklist(["start", "first-use"]), "start"),
  /**
   * Where Harper lints: "worker" (a worker thread: linting never blocks the event loop, and with the
   * phase worker's two computes in flight one essay's grammar check runs beside the next one's
   * metrics — bench/phase-worker-reads.ts: nlp 0.51x the one-thread compute against 1.07x on "main")
   * or "main" (this service's thread).
   */
  HARPER_THREAD: v.optional(v.picklist(["main", "worker"]), "worker"),
  /** With HARPER_THREAD=worker: stop the worker after this many ms without an essay (0: never), freeing ~250 MB. */
  HARPER_IDLE_MS: v.optional(intFromEnv(0), "0"),
});

const ServiceUrlsSchema = v.object({
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:8001"),
  /** A LanguageTool server (e.g. http://127.0.0.1:8081); grammar for every language it supports. */
  LANGUAGETOOL_URL: v.optional(v.pipe(v.string(), v.url())),
});

export type NlpConfig = v.InferOutput<typeof NlpConfigSchema> & {
  common: CommonConfig;
  contentServiceUrl: string;
  languageToolUrl: string | undefined;
};

/**
 * Env vars: NLP_HTTP_PORT, NLP_CONTENT_TIMEOUT_MS, NLP_PROCESSED_TTL_SECONDS, NLP_GRAMMAR_TIMEOUT_MS,
 * NLP_HARPER, NLP_HARPER_SETUP, NLP_HARPER_THREAD, NLP_HARPER_IDLE_MS; CONTENT_SERVICE_URL and LANGUAGETOOL_URL (no prefix).
 */
export function loadNlpConfig(env: Record<string, string | undefined> = process.env): NlpConfig {
  const own = loadConfig("NLP_", NlpConfigSchema, env);
  const urls = loadConfig("", ServiceUrlsSchema, env);
  return {
    ...own,
    common: loadCommonConfig(env),
    contentServiceUrl: urls.CONTENT_SERVICE_URL.replace(/\/+$/, ""),
    languageToolUrl: urls.LANGUAGETOOL_URL?.replace(/\/+$/, ""),
  };
}
