import { and, asc, between, isNull, sql } from "drizzle-orm";
import type { Redis } from "../bus/redis.ts";
import type { Logger } from "../observability/logger.ts";
import { DEFAULT_STREAM_RETENTION } from "../bus/errors.ts";
import { groupBySlot } from "../bus/key-slot.ts";
import { isCluster, replicaAcksOf } from "../bus/redis.ts";
import type { Db } from "./database.ts";
import { outbox } from "./schema.ts";

export interface OutboxRelay {
  start(): void;
  /** Ask for a publish pass now (called right after a commit). */
  wake(): void;
  /** Publish everything pending; resolves when the outbox is empty or a publish failed. */
  flush(): Promise<number>;
  stop(): Promise<void>;
  /** Publish passes run so far (wakes, polls, flushes): what tests observe a wake by. */
  readonly passes: number;
}

export interface OutboxRelayOptions {
  db: Db;
  redis: Redis;
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  /**
   * Redis key of a lease that only one relay per database may hold. Processes that share a SQLite
   * file (e.g. several workers) must set the same key, or each would publish every row.
   */
  leaseKey?: string;
  leaseMs?: number;
}

// Take the lease when free, renew it when ours; 1 = we hold it.
const TAKE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Publishes outbox rows in order, marks them published. Woken after commit; polls as a fallback.
 * A crash between XADD and the mark gives a duplicate that idempotent consumers absorb.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, redis, logger } = options;
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 100;
  const holder = crypto.randomUUID();
  const leaseMs = options.leaseMs ?? Math.max(5000, pollMs * 10);

  // Renewed at most every third of its life, not on every pass (a pass follows every commit): the
  // lease cannot lapse meanwhile, and the script's round trip left the hot path.
  let renewedAt = Number.NEGATIVE_INFINITY;
  async function holdsLease(): Promise<boolean> {
    if (!options.leaseKey) return true;
    const now = performance.now();
    if (now - renewedAt < leaseMs / 3) return true;
    const held = (await redis.eval(TAKE_OR_RENEW, 1, options.leaseKey, holder, leaseMs)) === 1;
    renewedAt = held ? now : Number.NEGATIVE_INFINITY;
    return held;
  }

  // Prepared once per relay: drizzle builds a statement anew on every call (~35–45 µs each).
  const p = sql.placeholder;
  const unpublished = db.select().from(outbox).where(isNull(outbox.publishedAt)).orderBy(asc(outbox.id)).limit(p("limit")).prepare();
  // `done` is a prefix of rows read in id order, and new rows get higher ids: the id range is exactly them.
  const markPublished = db.update(outbox).set({ publishedAt: sql`${p("at")}` })
    .where(and(between(outbox.id, p("first"), p("last")), isNull(outbox.publishedAt))).prepare();

  async function pass(): Promise<number> {
    let published = 0;
    if (!(await holdsLease())) return published;
    for (;;) {
      const rows = unpublished.all({ limit: batchSize });
      if (rows.length === 0) return published;
      const { done, failure } = await xaddInOrder(redis, rows);
      if (done.length > 0) markPublished.run({ at: new Date().toISOString(), first: done[0]!.id, last: done[done.length - 1]!.id });
      published += done.length;
      if (failure !== undefined) {
        renewedAt = Number.NEGATIVE_INFINITY; // Redis failed: ask for the lease again before the next pass
        throw failure;
      }
    }
  }

  return createRelayLoop(pass, { logger, pollMs, onStop: async () => {
    if (options.leaseKey) await redis.eval(RELEASE, 1, options.leaseKey, holder).catch(() => undefined);
  } });
}

/**
 * XADD rows in one round trip (a pipeline keeps the order). `done` are the rows up to the first failed
 * XADD: only those may be marked, so a failure republishes from there (duplicates, never a gap).
 * On a cluster a pipeline may only touch one slot: one pipeline per slot, in parallel, each in row
 * order (a stream's order is all that matters; a failure still republishes every later row). With
 * replica acks required, a WAIT ends each pipeline; too few replicas fail its whole group.
 */
export async function xaddInOrder<R extends { topic: string; envelope: string }>(redis: Redis, rows: readonly R[]): Promise<{ done: R[]; failure?: unknown }> {
  const indexed = rows.map((row, i) => ({ row, i }));
  const groups = isCluster(redis) ? groupBySlot(indexed, (x) => x.row.topic) : [indexed];
  const replies: ([Error | null, unknown] | undefined)[] = new Array(rows.length);
  await Promise.all(groups.map(async (group) => {
    const pipeline = redis.pipeline();
    for (const { row } of group) pipeline.xadd(row.topic, "MAXLEN", "~", DEFAULT_STREAM_RETENTION, "*", "envelope", row.envelope);
    const acks = replicaAcksOf(redis);
    if (acks) pipeline.call("WAIT", acks.replicas, acks.timeoutMs);
    const got = await pipeline.exec().then((answered) => {
      const waited = acks ? answered?.[group.length] : undefined;
      if (!acks || (waited && waited[0] === null && Number(waited[1]) >= acks.replicas)) return answered;
      const err = waited?.[0] ?? new Error(`outbox publish reached ${Number(waited?.[1] ?? 0)} of ${acks.replicas} replicas`);
      return group.map((): [Error, null] => [err, null]);
    }).catch((err: unknown) => group.map((): [Error, null] => [err instanceof Error ? err : new Error(String(err)), null]));
    group.forEach(({ i }, j) => { replies[i] = got?.[j] ?? undefined; });
  }));
  const firstFailure = rows.findIndex((_, i) => { const reply = replies[i]; return !reply || reply[0] !== null || !reply[1]; });
  if (firstFailure === -1) return { done: [...rows] };
  return { done: rows.slice(0, firstFailure), failure: replies[firstFailure]?.[0] ?? new Error(`XADD to ${rows[firstFailure]!.topic} returned no id`) };
}

/**
 * The relay's schedule around one dialect's publish pass: a pass right after each commit (`wake`),
 * a poll as the fallback, one pass at a time (a wake during a pass runs one more), failures logged
 * and retried on the next wake or poll.
 */
export function createRelayLoop(pass: () => Promise<number>, options: { logger: Logger; pollMs: number; onStop?: () => Promise<void> }): OutboxRelay {
  const { logger, pollMs } = options;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let passes = 0;

  function flush(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          passes++;
          total += await pass();
        } while (again);
      } catch (err) {
        logger.error("outbox publish failed; will retry", { error: err });
      } finally {
        running = undefined;
      }
      return total;
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
      timer = undefined;
      await running;
      await options.onStop?.();
    },
    get passes() {
      return passes;
    },
  };
}
