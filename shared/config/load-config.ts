import * as v from "valibot";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Read the env vars that start with `prefix`, strip it, and validate them.
 * Fails fast with every bad variable named.
 * @example loadConfig("CONTENT_", v.object({ HTTP_PORT: v.optional(portSchema, 8001) }))
 */
export function loadConfig<S extends v.GenericSchema>(
  prefix: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): v.InferOutput<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && value !== undefined && value !== "") raw[key.slice(prefix.length)] = value;
  }
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  const problems = result.issues.map((i) => `${prefix}${v.getDotPath(i) ?? ""}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
}

/** An integer env var (strings in, numbers out). */
export const intFromEnv = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(v.string(), v.regex(/^-?\d+$/, "must be a whole number"), v.transform(Number), v.minValue(min), v.maxValue(max));

export const numberFromEnv = (min = 0) =>
  v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/, "must be a number"), v.transform(Number), v.minValue(min));

export const portFromEnv = () => intFromEnv(0, 65535);

export const boolFromEnv = () =>
  v.pipe(v.picklist(["true", "false", "1", "0"], "must be true or false"), v.transform((s) => s === "true" || s === "1"));

/** Settings every service shares; read without a prefix. */
export const CommonConfigSchema = v.object({
  REDIS_URL: v.optional(v.string(), "redis://127.0.0.1:6379"),
  /** `host:port,host:port`: seed nodes of a Redis Cluster; when set the bus uses it instead of REDIS_URL. */
  /** Publishes wait (WAIT) until this many replicas hold them; 0: the master's reply is enough. */
  REDIS_WAIT_REPLICAS: v.optional(intFromEnv(0, 16), "0"),
  REDIS_CLUSTER_NODES: v.optional(v.pipe(v.string(), v.regex(/^\s*[^,\s]+:\d{1,5}(\s*,\s*[^,\s]+:\d{1,5})*\s*$/, "must be host:port[,host:port…]"))),
  HULEEDU_INTERNAL_API_KEY: v.optional(v.string(), "dev-internal-key"),
  HULEEDU_ENV: v.optional(v.picklist(["development", "test", "production"]), "development"),
  HULEEDU_DATA_DIR: v.optional(v.string(), ".data"),
  /** Bus tuning; tests shorten these. */
  HULEEDU_BUS_BLOCK_MS: v.optional(intFromEnv(10), "2000"),
  HULEEDU_BUS_RECLAIM_IDLE_MS: v.optional(intFromEnv(50), "30000"),
  HULEEDU_BUS_MAX_DELIVERIES: v.optional(intFromEnv(1, 100), "5"),
  HULEEDU_DLQ_TIMEOUT_MS: v.optional(intFromEnv(10), "5000"),
  HULEEDU_OUTBOX_POLL_MS: v.optional(intFromEnv(10), "500"),
});
export type CommonConfig = v.InferOutput<typeof CommonConfigSchema>;

/** Common settings; refuses the dev internal key in production. */
export function loadCommonConfig(env: Record<string, string | undefined> = process.env): CommonConfig {
  const config = loadConfig("", CommonConfigSchema, env);
  if (config.HULEEDU_ENV === "production" && config.HULEEDU_INTERNAL_API_KEY === "dev-internal-key") {
    throw new ConfigError("HULEEDU_INTERNAL_API_KEY must be set in production (the dev default is refused)");
  }
  return config;
}
