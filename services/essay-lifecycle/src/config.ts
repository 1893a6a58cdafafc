import * as v from "valibot";
import { ConfigError, loadCommonConfig, loadConfig, numberFromEnv, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

export const EssayLifecycleRole = { API: "api", WORKER: "worker" } as const;
export type EssayLifecycleRole = (typeof EssayLifecycleRole)[keyof typeof EssayLifecycleRole];
const RoleSchema = v.picklist(Object.values(EssayLifecycleRole), "must be api or worker");

// Fractions allowed so tests can use sub-second deadlines; zero would expire every run at once.
const secondsFromEnv = () => v.pipe(numberFromEnv(0), v.minValue(0.01, "must be at least 0.01 seconds"));

const EssayLifecycleConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "6000"),
  /** The worker's health/readiness/metrics server. */
  WORKER_HTTP_PORT: v.optional(portFromEnv(), "6001"),
  DB_PATH: v.optional(v.string()),
  ROLE: v.optional(RoleSchema),
  /** How long a spellcheck / nlp / ai_feedback run waits for its essays before they fail with TIMEOUT. */
  PHASE_TIMEOUT_SECONDS: v.optional(secondsFromEnv(), "900"),
  /** The same for a CJ run (one request judged for the whole batch, so much longer). */
  CJ_PHASE_TIMEOUT_SECONDS: v.optional(secondsFromEnv(), "3600"),
  /** How often a worker looks for runs past their deadline. */
  PHASE_SWEEP_SECONDS: v.optional(secondsFromEnv(), "15"),
});

/** Slot texts are erased there with their batch. */
const ContentUrlSchema = v.object({ CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url("CONTENT_SERVICE_URL must be a URL")), "http://127.0.0.1:8001") });

export type EssayLifecycleConfig = v.InferOutput<typeof EssayLifecycleConfigSchema> & { common: CommonConfig; dbPath: string; contentServiceUrl: string };

/**
 * Env vars: ELS_HTTP_PORT, ELS_WORKER_HTTP_PORT, ELS_DB_PATH, ELS_ROLE (api|worker),
 * ELS_PHASE_TIMEOUT_SECONDS, ELS_CJ_PHASE_TIMEOUT_SECONDS, ELS_PHASE_SWEEP_SECONDS; CONTENT_SERVICE_URL (no prefix).
 */
export function loadEssayLifecycleConfig(env: Record<string, string | undefined> = process.env): EssayLifecycleConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("ELS_", EssayLifecycleConfigSchema, env);
  const urls = loadConfig("", ContentUrlSchema, { CONTENT_SERVICE_URL: env.CONTENT_SERVICE_URL });
  return {
    ...own, common, contentServiceUrl: urls.CONTENT_SERVICE_URL.replace(/\/+$/, ""),
    dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/essay-lifecycle/essay-lifecycle.sqlite`,
  };
}

/** The process role: a command-line argument wins over ELS_ROLE; one of them is required. */
export function resolveRole(argv: readonly string[], config: EssayLifecycleConfig): EssayLifecycleRole {
  const given = argv[0] ?? config.ROLE;
  if (given === undefined) throw new ConfigError("essay-lifecycle needs a role: pass `api` or `worker`, or set ELS_ROLE");
  const parsed = v.safeParse(RoleSchema, given);
  if (!parsed.success) throw new ConfigError(`essay-lifecycle role must be api or worker, got "${given}"`);
  return parsed.output;
}

/** Service name: event source, consumer group and processed-events consumer. */
export const SERVICE_NAME = "essay-lifecycle";
