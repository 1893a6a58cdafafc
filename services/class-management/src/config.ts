import * as v from "valibot";
import { intFromEnv, loadCommonConfig, loadConfig, numberFromEnv, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const ClassManagementConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "5002"),
  DB_PATH: v.optional(v.string()),
  /** How long a teacher has to confirm the author suggestions before they are settled automatically. */
  CONFIRMATION_TIMEOUT_SECONDS: v.optional(intFromEnv(1), String(24 * 3600)),
  /** Suggestions at or above this confidence are accepted at the timeout; the rest are left unassigned. */
  AUTO_ACCEPT_CONFIDENCE: v.optional(v.pipe(numberFromEnv(0), v.maxValue(1)), "0.85"),
  TIMEOUT_POLL_MS: v.optional(intFromEnv(50), "5000"),
});

export type ClassManagementConfig = v.InferOutput<typeof ClassManagementConfigSchema> & { common: CommonConfig; dbPath: string };

/** Env vars: CLASS_MANAGEMENT_HTTP_PORT, CLASS_MANAGEMENT_DB_PATH, CLASS_MANAGEMENT_CONFIRMATION_TIMEOUT_SECONDS, CLASS_MANAGEMENT_AUTO_ACCEPT_CONFIDENCE, CLASS_MANAGEMENT_TIMEOUT_POLL_MS. */
export function loadClassManagementConfig(env: Record<string, string | undefined> = process.env): ClassManagementConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("CLASS_MANAGEMENT_", ClassManagementConfigSchema, env);
  return { ...own, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/class-management/class-management.sqlite` };
}
