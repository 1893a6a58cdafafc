import type { Subprocess } from "bun";
import { Redis } from "ioredis";

export interface RedisServerProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Spawn a redis-server on loopback and resolve once it answers PING (launcher and tests).
 * @example const redis = await spawnRedisServer({ port: 6379, dir: ".data/redis", appendOnly: true })
 */
export async function spawnRedisServer(options: { port: number; dir: string; appendOnly: boolean }): Promise<RedisServerProcess> {
  const { port, dir } = options;
  const proc: Subprocess = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", options.appendOnly ? "yes" : "no", "--save", ""],
    { stdout: "ignore", stderr: "inherit" },
  );
  const url = `redis://127.0.0.1:${port}`;
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
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}); is port ${port} taken?`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await Bun.sleep(50);
    }
  }
  probe.disconnect();
  return {
    url,
    port,
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
