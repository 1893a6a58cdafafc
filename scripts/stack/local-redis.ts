import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Subprocess } from "bun";
import { Redis } from "ioredis";

/** A redis-server kept under `<dataDir>/redis`, started by the launcher when no REDIS_URL is given. */
export async function startLocalRedis(dataDir: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = resolve(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const proc: Subprocess = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
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
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}); is port ${port} taken? Set REDIS_URL or HULEEDU_REDIS_PORT.`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await Bun.sleep(50);
    }
  }
  probe.disconnect();
  return {
    url,
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
