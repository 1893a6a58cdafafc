import type { Subprocess } from "bun";
import { Redis } from "ioredis";
import { freePort } from "./free-port.ts";

export interface RedisServerProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** A fixed port; omit it to take a free one (retried when another process wins the port first). */
  port?: number;
  dir: string;
  appendOnly: boolean;
}

class RedisPortTakenError extends Error {}

/**
 * Spawn a redis-server on loopback and resolve once it answers PING (launcher and tests).
 * The answer must come from the process just spawned (its `process_id`), never from a Redis that
 * already held the port.
 * @example const redis = await spawnRedisServer({ port: 6379, dir: ".data/redis", appendOnly: true })
 */
export async function spawnRedisServer(options: RedisServerOptions): Promise<RedisServerProcess> {
  if (options.port !== undefined) return spawnOn(options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOn(await freePort(), options);
    } catch (err) {
      // redis-server has no "bind a free port and tell me" mode; a port lost to a race is retried.
      if (!(err instanceof RedisPortTakenError) || attempt >= 5) throw err;
    }
  }
}

async function spawnOn(port: number, options: RedisServerOptions): Promise<RedisServerProcess> {
  const proc: Subprocess = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--dir", options.dir, "--appendonly", options.appendOnly ? "yes" : "no", "--save", ""],
    { stdout: "ignore", stderr: "inherit" },
  );
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pid = await answeringPid(url);
    if (pid === proc.pid) break;
    if (pid !== undefined) {
      proc.kill("SIGKILL");
      await proc.exited;
      throw new RedisPortTakenError(`port ${port} is held by another redis-server (pid ${pid})`);
    }
    if (proc.exitCode !== null) throw new RedisPortTakenError(`redis-server exited (${proc.exitCode}); is port ${port} taken?`);
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`redis-server did not answer on port ${port}`);
    }
    await Bun.sleep(50);
  }
  return {
    url,
    port,
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

/** The process id of the Redis answering at url, or undefined when nothing (Redis) answers yet. */
async function answeringPid(url: string): Promise<number | undefined> {
  const probe = new Redis(url, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500, commandTimeout: 500 });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    const info = await probe.info("server");
    const match = /process_id:(\d+)/.exec(info);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    probe.disconnect();
  }
}
