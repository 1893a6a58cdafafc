import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { spawnRedisServer, type RedisServerProcess } from "../../shared/runtime/redis-server.ts";

/** A redis-server kept under `<dataDir>/redis`, started by the launcher when no REDIS_URL is given; no port = a free one. */
export async function startLocalRedis(dataDir: string, port: number | undefined): Promise<RedisServerProcess> {
  const dir = resolve(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  try {
    return await spawnRedisServer({ ...(port === undefined ? {} : { port }), dir, appendOnly: true });
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)} Set REDIS_URL or HULEEDU_REDIS_PORT.`);
  }
}
