import * as v from "valibot";
import { boolFromEnv, intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const EmailConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "8005"),
  DB_PATH: v.optional(v.string()),
  SMTP_HOST: v.optional(v.string(), "127.0.0.1"),
  SMTP_PORT: v.optional(portFromEnv(), "2525"),
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered unless SMTP_IGNORE_TLS. */
  SMTP_SECURE: v.optional(boolFromEnv(), "false"),
  SMTP_IGNORE_TLS: v.optional(boolFromEnv(), "false"),
  SMTP_USER: v.optional(v.string()),
  SMTP_PASSWORD: v.optional(v.string()),
  SMTP_TIMEOUT_MS: v.optional(intFromEnv(100), "10000"),
  FROM: v.optional(v.string(), "HuleEdu <no-reply@huleedu.local>"),
  /** Attempts before a transiently failing mail is given up (and dead-lettered). */
  MAX_ATTEMPTS: v.optional(intFromEnv(1, 100), "10"),
  RETRY_BASE_MS: v.optional(intFromEnv(10), "2000"),
  RETRY_MAX_MS: v.optional(intFromEnv(10), "300000"),
  POLL_MS: v.optional(intFromEnv(10), "5000"),
  LEASE_MS: v.optional(intFromEnv(100), "60000"),
});

export type EmailConfig = v.InferOutput<typeof EmailConfigSchema> & { common: CommonConfig; dbPath: string };

/** Env vars: EMAIL_HTTP_PORT, EMAIL_DB_PATH, EMAIL_SMTP_* (host, port, secure, ignore TLS, user, password, timeout), EMAIL_FROM, EMAIL_MAX_ATTEMPTS, EMAIL_RETRY_*_MS, EMAIL_POLL_MS, EMAIL_LEASE_MS. */
export function loadEmailConfig(env: Record<string, string | undefined> = process.env): EmailConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("EMAIL_", EmailConfigSchema, env);
  return { ...own, common, dbPath: own.DB_PATH ?? `${common.HULEEDU_DATA_DIR}/email/email.sqlite` };
}
