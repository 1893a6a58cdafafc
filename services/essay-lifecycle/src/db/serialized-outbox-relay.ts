import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { Redis } from "ioredis";
import type { Db } from "@shared/db/database.ts";
import { createOutboxRelay } from "@shared/db/outbox-relay.ts";
import type { Logger } from "@shared/observability/logger.ts";

// Several worker processes share one SQLite file, so one outbox. The kit's relay has no
// cross-process exclusion: two relays select the same unpublished rows and both XADD them (seen in
// the slot-contention test as up to 2× every event). Here the kit relay's passes run only under a
// Redis lease named after the database file, so one process publishes at a time and marks rows
// before the next looks. A holder that dies just lets the lease expire (at-least-once, as before).

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface SerializedOutboxRelay {
  start(): void;
  /** Ask for a publish pass now (after a commit). */
  wake(): void;
  /** Publish what is pending if the lease is free; resolves when done or skipped. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createSerializedOutboxRelay(options: { db: Db; dbPath: string; redis: Redis; logger: Logger; pollMs: number; leaseMs?: number }): SerializedOutboxRelay {
  const { redis, logger, pollMs } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const relay = createOutboxRelay({ db: options.db, redis, logger, pollMs });
  const key = `huleedu:outbox-relay:${createHash("sha256").update(resolve(options.dbPath)).digest("hex").slice(0, 16)}`;
  const owner = crypto.randomUUID();
  let timer: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function pass(): Promise<void> {
    const acquired = await redis.set(key, owner, "PX", leaseMs, "NX");
    if (acquired !== "OK") {
      // Another process is publishing; it may have looked before our commit, so look again soon.
      retry ??= setTimeout(() => { retry = undefined; if (timer) void flush(); }, Math.min(25, pollMs));
      return;
    }
    try {
      await relay.flush();
    } finally {
      await redis.eval(RELEASE, 1, key, owner).catch((err: unknown) => logger.warn("outbox lease release failed", { error: err }));
    }
  }

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again);
      } catch (err) {
        logger.error("outbox publish pass failed; will retry", { error: err });
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    start() {
      timer ??= setInterval(() => void flush(), pollMs);
      void flush();
    },
    wake() {
      if (timer) void flush();
    },
    flush,
    async stop() {
      clearInterval(timer);
      clearTimeout(retry);
      timer = undefined;
      await running;
      await flush(); // publish what this process committed last, if the lease is free
      clearTimeout(retry);
      await relay.stop();
    },
  };
}
