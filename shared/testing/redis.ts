import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { createRedis } from "../bus/redis.ts";
import { spawnRedisServer } from "../runtime/redis-server.ts";

export interface TestRedis {
  url: string;
  port: number;
  client(): Redis;
  stop(): Promise<void>;
}

/**
 * Start a throwaway redis-server on a free port (retried if the port is lost to a race) with no persistence.
 * @example const redis = await startRedis(); afterAll(() => redis.stop())
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "huleedu-redis-"));
  const server = await spawnRedisServer({ dir, appendOnly: false });
  const { url, port } = server;
  const clients: Redis[] = [];
  return {
    url,
    port,
    client() {
      const c = createRedis(url);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
