import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { count, isNull } from "drizzle-orm";
import type { Redis } from "ioredis";
import { ProbeTopic } from "../bus/test-fixtures/probe-topic.ts";
import { defineTopic } from "../contracts/topics.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { postgresAvailable, startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { openPostgres, type OpenedPostgres } from "./postgres.ts";
import { createPgOutboxRelay, emitPg, markProcessedPg } from "./pg-outbox.ts";
import { outboxPg } from "./schema.ts";

const migrations = join(import.meta.dir, "test-fixtures/migrations-pg");
const input = (n: number) => ({ data: { n }, source: "t", correlationId: "c" });
const skip = !postgresAvailable() && process.env.HULEEDU_REQUIRE_POSTGRES !== "1";

describe.skipIf(skip)("outbox and processed marks on PostgreSQL", () => {
  let pg: TestPostgres;
  let bus: TestRedis;
  let redis: Redis;
  let url: string;
  let a: OpenedPostgres;
  let b: OpenedPostgres;
  beforeAll(async () => {
    [pg, bus] = await Promise.all([startPostgres(), startRedis()]);
    redis = bus.client();
    url = await pg.createDatabase();
    // Two "instances": two pools on one database, both migrating at once (the advisory lock serialises them).
    [a, b] = await Promise.all([openPostgres(url, migrations), openPostgres(url, migrations)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([pg?.stop(), bus?.stop()]);
  });

  test("an emit commits with its transaction, a throw rolls it back, a dedupe key is refused twice", async () => {
    const before = (await a.db.select({ n: count() }).from(outboxPg))[0]!.n;
    await expect(a.db.transaction(async (tx) => {
      await emitPg(tx, ProbeTopic, input(1));
      throw new Error("work failed");
    })).rejects.toThrow("work failed");
    expect((await a.db.select({ n: count() }).from(outboxPg))[0]!.n).toBe(before);
    const first = await a.db.transaction((tx) => emitPg(tx, ProbeTopic, input(2), { dedupeKey: "done:pg" }));
    const second = await b.db.transaction((tx) => emitPg(tx, ProbeTopic, input(3), { dedupeKey: "done:pg" }));
    expect([first, second]).toEqual([true, false]);
  });

  test("ten concurrent deliveries of one event on two instances: exactly one marks it", async () => {
    const eventId = crypto.randomUUID();
    const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).db.transaction(async (tx) => {
      const fresh = await markProcessedPg(tx, "pg-test", eventId);
      await Bun.sleep(5); // hold the transaction open so the others really overlap
      return fresh;
    }));
    expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(1);
  });

  test("two relays on one database publish every row exactly once (FOR UPDATE SKIP LOCKED, no lease)", async () => {
    const Topic = defineTopic(`huleedu.test.pg-relay.${crypto.randomUUID()}.v1`, ProbeTopic.schema);
    const relays = [a, b].map(({ db }) => createPgOutboxRelay({ db, redis, logger: createMemoryLogger("t"), pollMs: 10_000, batchSize: 7 }));
    // Drain what earlier tests left, then race the two relays while rows keep arriving.
    await relays[0]!.flush();
    const total = 300;
    const writers = (async () => {
      for (let i = 0; i < total; i += 10) {
        await a.db.transaction(async (tx) => {
          for (let j = i; j < i + 10; j++) await emitPg(tx, Topic, input(j));
        });
        if (i % 50 === 0) await Promise.all(relays.map((r) => r.flush()));
      }
    })();
    const racers = (async () => {
      for (let k = 0; k < 20; k++) await Promise.all(relays.map((r) => r.flush()));
    })();
    await Promise.all([writers, racers]);
    await Promise.all(relays.map((r) => r.flush()));
    const entries = await redis.xrange(Topic.name, "-", "+");
    const ns = entries.map(([, fields]) => (JSON.parse(fields[1]!) as { data: { n: number } }).data.n);
    expect(ns).toHaveLength(total);
    expect(new Set(ns).size).toBe(total);
    expect((await a.db.select({ n: count() }).from(outboxPg).where(isNull(outboxPg.publishedAt)))[0]!.n).toBe(0);
    await Promise.all(relays.map((r) => r.stop()));
  }, 60_000);

  test("a relay holding rows makes the other skip them, not wait for them", async () => {
    const Topic = defineTopic(`huleedu.test.pg-skip.${crypto.randomUUID()}.v1`, ProbeTopic.schema);
    await a.db.transaction(async (tx) => {
      for (let j = 0; j < 4; j++) await emitPg(tx, Topic, input(j));
    });
    const relay = createPgOutboxRelay({ db: b.db, redis, logger: createMemoryLogger("t"), pollMs: 10_000 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Instance a locks the rows and sits on them; instance b's pass must return at once with nothing.
    const holder = a.db.transaction(async (tx) => {
      await tx.select().from(outboxPg).where(isNull(outboxPg.publishedAt)).for("update");
      await held;
    });
    await Bun.sleep(50);
    const started = performance.now();
    expect(await relay.flush()).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
    release();
    await holder;
    expect(await relay.flush()).toBe(4);
    expect(await redis.xlen(Topic.name)).toBe(4);
    await relay.stop();
  });
});
