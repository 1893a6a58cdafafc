import createClient, { type Client } from "openapi-fetch";
import { startRedis, type TestRedis } from "../../../shared/testing/redis.ts";
import { startRedisCluster, type ClusterOptions, type TestRedisCluster } from "../../../shared/testing/redis-cluster.ts";
import { tempDir } from "../../../shared/testing/temp-dir.ts";
import { startStack, type Stack } from "../../../scripts/stack/launcher.ts";
import type { paths } from "../client/api-gateway.d.ts";

export type GatewayClient = Client<paths>;

/** What the test helpers need of a running stack, whatever Redis it runs on. */
export interface StackHandle {
  stack: Stack;
  gateway: string;
  /** Every service's log lines (prefixed with the service name). */
  logFile: string;
  /** A client generated from openapi/api-gateway.json, optionally with a bearer token. */
  client(token?: string): GatewayClient;
  stop(): Promise<void>;
}

export interface E2EStack extends StackHandle {
  redis: TestRedis;
}

/** A stack whose bus runs on a local Redis Cluster (REDIS_CLUSTER_NODES reaches every service). */
export interface E2EClusterStack extends StackHandle {
  cluster: TestRedisCluster;
}

/** Fast bus settings so a whole pipeline runs in seconds. */
export const FAST_BUS_ENV = {
  HULEEDU_BUS_BLOCK_MS: "100",
  HULEEDU_BUS_RECLAIM_IDLE_MS: "1000",
  HULEEDU_OUTBOX_POLL_MS: "100",
  LOG_LEVEL: "warn",
  // Tests poll the gateway far more often than a teacher would.
  API_GATEWAY_RATE_LIMIT_PER_MINUTE: "100000",
};

/**
 * Every built service as its own process (the launcher's code path; `mode.single`: all in this
 * test process, as `./huleedu start --single` runs them), on free ports, with a
 * throwaway Redis and temp SQLite files. Logs go to a file in the temp dir.
 */
export async function startE2EStack(extraEnv: Record<string, string> = {}, only?: string[], mode: { single?: boolean } = {}): Promise<E2EStack> {
  const redis = await startRedis();
  const dir = tempDir("huleedu-e2e-");
  let stack: Stack;
  try {
    stack = await startStack({
      showLogs: process.env.HULEEDU_E2E_LOGS === "1", logFile: `${dir.path}/services.log`, redisUrl: redis.url,
      dataDir: dir.path, freePorts: true, extraEnv: { ...FAST_BUS_ENV, ...extraEnv }, ...(only ? { only } : {}),
      ...(mode.single === undefined ? {} : { single: mode.single }),
    });
  } catch (err) {
    await redis.stop();
    console.error(await Bun.file(`${dir.path}/services.log`).text().catch(() => ""));
    dir.remove();
    throw err;
  }
  const gateway = stack.urls["api-gateway"] as string;
  return {
    stack, redis, gateway, logFile: `${dir.path}/services.log`,
    client: (token) => createClient<paths>({ baseUrl: gateway, ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}) }),
    async stop() {
      await stack.stop();
      await redis.stop();
      if (process.env.HULEEDU_E2E_KEEP !== "1") dir.remove();
    },
  };
}

/**
 * Like `startE2EStack`, on a real local Redis Cluster (default 3 masters, 1 replica each) instead of one
 * Redis: the launcher hands REDIS_CLUSTER_NODES to every service (REDIS_URL, for pub/sub, is its first node).
 */
export async function startE2EClusterStack(extraEnv: Record<string, string> = {}, only?: string[], clusterOptions: ClusterOptions = {}): Promise<E2EClusterStack> {
  const cluster = await startRedisCluster(clusterOptions);
  const dir = tempDir("huleedu-e2e-cluster-");
  let stack: Stack;
  try {
    stack = await startStack({
      showLogs: process.env.HULEEDU_E2E_LOGS === "1", logFile: `${dir.path}/services.log`, redisUrl: cluster.url, redisClusterNodes: cluster.nodes,
      dataDir: dir.path, freePorts: true, extraEnv: { ...FAST_BUS_ENV, ...extraEnv }, ...(only ? { only } : {}),
    });
  } catch (err) {
    await cluster.stop();
    console.error(await Bun.file(`${dir.path}/services.log`).text().catch(() => ""));
    dir.remove();
    throw err;
  }
  const gateway = stack.urls["api-gateway"] as string;
  return {
    stack, cluster, gateway, logFile: `${dir.path}/services.log`,
    client: (token) => createClient<paths>({ baseUrl: gateway, ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}) }),
    async stop() {
      await stack.stop();
      await cluster.stop();
      if (process.env.HULEEDU_E2E_KEEP !== "1") dir.remove();
    },
  };
}

/** Poll until `check` returns a value (not undefined) or time runs out. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await Bun.sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
