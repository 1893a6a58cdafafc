import * as v from "valibot";
import { ConfigError, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

export const EssayLifecycleRole = { API: "api", WORKER: "worker" } as const;
export type EssayLifecycleRole = (typeof EssayLifecycleRole)[keyof typeof EssayLifecycleRole];
const RoleSchema = v.picklist(Object.values(EssayLifecycleRole), "must be api or worker");

const EssayLifecycleConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "6000"),
  /** The worker's health/readiness/metrics server. */
  WORKER_HTTP_PORT: v.optional(portFromEnv(), "6001"),
  DB_PATH: v.optional(v.string()),
  ROLE: v.optional(RoleSchema),
});

export type EssayLifecycleConfig = v.InferOutput<typeof EssayLifecycleConfigSchema> & { common: CommonConfig; dbPath: string };

/** Env vars: ELS_HTTP_PORT, ELS_WORKER_HTTP_PORT, ELS_DB_PATH, ELS_ROLE (api|worker). */
export function loadEssayLifecycleConfig(env: Record<string, string | undefined> = process.env): EssayLifecycleConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("ELS_", EssayLifecycleConfigSchema, env);
  return { ...own, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/essay-lifecycle/essay-lifecycle.sqlite` };
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
