import * as v from "valibot";
import { boolFromEnv, intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const IdentityConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "7005"),
  DB_PATH: v.optional(v.string()),
  /** Where the generated ES256 key pair is kept (JWK JSON, mode 0600). */
  SIGNING_KEY_PATH: v.optional(v.string()),
  /** A PKCS#8 PEM ES256 private key; when set, nothing is generated or written. */
  JWT_PRIVATE_KEY: v.optional(v.string()),
  JWT_ISSUER: v.optional(v.string(), "huleedu-identity"),
  JWT_AUDIENCE: v.optional(v.string(), "huleedu-api"),
  ACCESS_TOKEN_TTL_SECONDS: v.optional(intFromEnv(30, 3600), "900"),
  REFRESH_TOKEN_TTL_SECONDS: v.optional(intFromEnv(60), String(30 * 24 * 3600)),
  /** Login attempts per e-mail + client IP per window. */
  LOGIN_RATE_LIMIT: v.optional(intFromEnv(1), "5"),
  LOGIN_RATE_WINDOW_SECONDS: v.optional(intFromEnv(1), "60"),
  /** Registrations per client IP per window (slows e-mail probing through sign-up). */
  REGISTER_RATE_LIMIT: v.optional(intFromEnv(1), "20"),
  REGISTER_RATE_WINDOW_SECONDS: v.optional(intFromEnv(1), "60"),
  /** Where the teacher app lives; mailed links point there (verify-email, reset-password pages). */
  APP_URL: v.optional(v.string(), "http://127.0.0.1:8080"),
  VERIFICATION_TTL_HOURS: v.optional(intFromEnv(1, 24 * 30), "48"),
  RESET_TTL_MINUTES: v.optional(intFromEnv(5, 24 * 60), "60"),
  /** Consecutive failed logins per e-mail before delays start; then LOCKOUT_BASE_SECONDS doubling up to the max. */
  LOCKOUT_FREE_FAILURES: v.optional(intFromEnv(1), "5"),
  LOCKOUT_BASE_SECONDS: v.optional(intFromEnv(1), "30"),
  LOCKOUT_MAX_SECONDS: v.optional(intFromEnv(1), "900"),
  /** Verification / reset mails per e-mail + client IP per window. */
  MAIL_RATE_LIMIT: v.optional(intFromEnv(1), "5"),
  MAIL_RATE_WINDOW_SECONDS: v.optional(intFromEnv(1), "900"),
  /** Take the client IP from X-Forwarded-For (only behind a trusted proxy). */
  TRUST_FORWARDED_FOR: v.optional(boolFromEnv(), "false"),
});

export type IdentityConfig = v.InferOutput<typeof IdentityConfigSchema> & {
  common: CommonConfig;
  dbPath: string;
  signingKeyPath: string;
};

/** Env vars: IDENTITY_HTTP_PORT, IDENTITY_DB_PATH, IDENTITY_SIGNING_KEY_PATH, IDENTITY_JWT_*, IDENTITY_*_RATE_*. */
export function loadIdentityConfig(env: Record<string, string | undefined> = process.env): IdentityConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("IDENTITY_", IdentityConfigSchema, env);
  const dir = `${common.HULEEDU_DATA_DIR}/identity`;
  return {
    ...own,
    common,
    dbPath: own.DB_PATH ?? `${dir}/identity.sqlite`,
    signingKeyPath: own.SIGNING_KEY_PATH ?? `${dir}/jwt-signing-key.json`,
  };
}
