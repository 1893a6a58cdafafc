import * as v from "valibot";
import { boolFromEnv, intFromEnv, loadCommonConfig, loadConfig, portFromEnv, type CommonConfig } from "@shared/config/load-config.ts";

const GatewayConfigSchema = v.object({
  HTTP_PORT: v.optional(portFromEnv(), "8080"),
  /** Verify tokens with this ES256 public key (SPKI PEM or JWK JSON) instead of the identity JWKS. */
  JWT_PUBLIC_KEY: v.optional(v.string()),
  JWT_ISSUER: v.optional(v.string(), "huleedu-identity"),
  JWT_AUDIENCE: v.optional(v.string(), "huleedu-api"),
  JWKS_TIMEOUT_MS: v.optional(intFromEnv(100), "3000"),
  /** Requests per user per minute (fixed window in Redis). */
  RATE_LIMIT_PER_MINUTE: v.optional(intFromEnv(1), "300"),
  MAX_UPLOAD_FILES: v.optional(intFromEnv(1, 1000), "100"),
  MAX_FILE_BYTES: v.optional(intFromEnv(1), String(10 * 1024 * 1024)),
  UPSTREAM_TIMEOUT_MS: v.optional(intFromEnv(50), "5000"),
  UPLOAD_TIMEOUT_MS: v.optional(intFromEnv(50), "60000"),
  /** Behind a trusted proxy: take the client address for identity's limiters from X-Forwarded-For. */
  TRUST_FORWARDED_FOR: v.optional(boolFromEnv(), "false"),
  /** Comparisons per essay CJ plans without a batch budget, for the cost estimate (mirrors BOS_CJ_COMPARISONS_PER_ITEM). */
  CJ_COMPARISONS_PER_ITEM: v.optional(intFromEnv(1, 200), "12"),
  /** Other origins (comma-separated, e.g. https://admin.school.example) allowed by CORS and the session cookie; same-origin needs none. */
  CORS_ORIGINS: v.optional(
    v.pipe(v.string(), v.transform((s) => s.split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean)), v.array(v.pipe(v.string(), v.url("API_GATEWAY_CORS_ORIGINS must list URLs")))),
    "",
  ),
  /** The web app's sources (web/ in the repo); built with Bun's bundler at start-up. Empty turns the web app off. */
  WEB_SOURCE_DIR: v.optional(v.string(), new URL("../../../web", import.meta.url).pathname),
  /** class-management is deployed: a registration's class_id must be one of the caller's classes. */
  CLASSES_ENABLED: v.optional(boolFromEnv(), "false"),
});

/** Upstream base URLs, read without prefix (shared by every service that calls them). */
const UpstreamUrlsSchema = v.object({
  IDENTITY_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:7005"),
  BOS_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:5001"),
  FILE_SERVICE_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:7001"),
  CONTENT_SERVICE_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:8001"),
  RAS_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:4003"),
  CJ_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:9095"),
  ENTITLEMENTS_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:8083"),
  CLASS_MANAGEMENT_URL: v.optional(v.pipe(v.string(), v.url()), "http://127.0.0.1:5002"),
});
export type UpstreamUrls = v.InferOutput<typeof UpstreamUrlsSchema>;

export type GatewayConfig = v.InferOutput<typeof GatewayConfigSchema> & { common: CommonConfig; upstreams: UpstreamUrls };

/** Env vars: API_GATEWAY_* (port, JWT, limits, timeouts) and IDENTITY_URL, BOS_URL, FILE_SERVICE_URL, CONTENT_SERVICE_URL, RAS_URL, CJ_URL, ENTITLEMENTS_URL. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const common = loadCommonConfig(env);
  const own = loadConfig("API_GATEWAY_", GatewayConfigSchema, env);
  const upstreams = loadConfig("", UpstreamUrlsSchema, env);
  const trimmed = Object.fromEntries(Object.entries(upstreams).map(([k, url]) => [k, url.replace(/\/+$/, "")])) as UpstreamUrls;
  return { ...own, common, upstreams: trimmed };
}
