import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { Redis } from "ioredis";
import { createRedis } from "../bus/redis.ts";
import { freePort } from "./ports.ts";

export interface TestRedis {
  url: string;
  port: number;
  client(): Redis;
  stop(): Promise<void>;
}

/**
 * Start a throwaway redis-server on a free port with no persistence.
 * @example const redis = await startRedis(); afterAll(() => redis.stop())
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "huleedu-redis-"));
  const proc: Subprocess = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdout: "ignore", stderr: "inherit" },
  );
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  const probe = new Redis(url, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await Bun.sleep(50);
    }
  }
  probe.disconnect();
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
      proc.kill();
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
