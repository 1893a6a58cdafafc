import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import * as v from "valibot";
import { defineTopic } from "../contracts/topics.ts";
import type { Redis } from "ioredis";
import { createMemoryLogger } from "../observability/logger.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { tempDir } from "../testing/temp-dir.ts";
import { ProbeTopic } from "../bus/test-fixtures/probe-topic.ts";
import { openDatabase } from "./database.ts";
import { createOutboxRelay } from "./outbox-relay.ts";
import { createUnitOfWork } from "./unit-of-work.ts";

const migrations = join(import.meta.dir, "test-fixtures/migrations");
let server: TestRedis;
let redis: Redis;
const dir = tempDir();
beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

test("an event committed by a process that died before publishing is published once on restart", async () => {
  const path = join(dir.path, "crash.sqlite");
  const child = Bun.spawn(["bun", join(import.meta.dir, "test-fixtures/commit-then-die.ts"), path]);
  expect(await child.exited).toBe(9);
  expect(await redis.xlen(ProbeTopic.name)).toBe(0);

  for (let restart = 0; restart < 2; restart++) {
    const { db, close } = openDatabase(path, migrations);
    const relay = createOutboxRelay({ db, redis, logger: createMemoryLogger("t"), pollMs: 50 });
    relay.start();
    await relay.flush();
    await relay.stop();
    close();
  }
  const entries = await redis.xrange(ProbeTopic.name, "-", "+");
  expect(entries.length).toBe(1);
  const envelope = JSON.parse(entries[0]?.[1][1] ?? "{}");
  expect(envelope.data).toEqual({ n: 42 });
  expect(envelope.correlation_id).toBe("crash");
});

test("runOnce applies an event once, and a dedupe key admits one event only", async () => {
  const { db, close } = openDatabase(join(dir.path, "once.sqlite"), migrations);
  const uow = createUnitOfWork(db);
  let applied = 0;
  const emitted: boolean[] = [];
  for (let i = 0; i < 3; i++) {
    const outcome = uow.runOnce("consumer-a", "event-1", (_tx, emit) => {
      applied++;
      emitted.push(emit(ProbeTopic, { data: { n: 1 }, source: "t", correlationId: "c" }, { dedupeKey: "done:1" }));
    });
    expect(outcome.applied).toBe(i === 0);
  }
  const second = uow.runOnce("consumer-a", "event-2", (_tx, emit) =>
    emit(ProbeTopic, { data: { n: 2 }, source: "t", correlationId: "c" }, { dedupeKey: "done:1" }));
  expect(applied).toBe(1);
  expect(emitted).toEqual([true]);
  expect(second).toEqual({ applied: true, result: false });
  close();
});

test("a failing unit of work leaves neither the effect nor the processed mark nor the event", () => {
  const { db, sqlite, close } = openDatabase(join(dir.path, "rollback.sqlite"), migrations);
  const uow = createUnitOfWork(db);
  expect(() =>
    uow.runOnce("c", "e", (_tx, emit) => {
      emit(ProbeTopic, { data: { n: 1 }, source: "t", correlationId: "c" });
      throw new Error("handler failed");
    }),
  ).toThrow("handler failed");
  expect(sqlite.query("SELECT count(*) AS n FROM outbox").get()).toEqual({ n: 0 });
  expect(sqlite.query("SELECT count(*) AS n FROM processed_events").get()).toEqual({ n: 0 });
  expect(uow.runOnce("c", "e", () => "retried").applied).toBe(true);
  close();
});

test("the relay publishes in commit order when woken", async () => {
  await redis.del(ProbeTopic.name);
  const { db, close } = openDatabase(join(dir.path, "order.sqlite"), migrations);
  const relay = createOutboxRelay({ db, redis, logger: createMemoryLogger("t"), pollMs: 10_000 });
  const uow = createUnitOfWork(db, () => relay.wake());
  relay.start();
  for (let n = 0; n < 20; n++) uow.run((_tx, emit) => emit(ProbeTopic, { data: { n }, source: "t", correlationId: "c" }));
  await relay.flush();
  await relay.stop();
  const ns = (await redis.xrange(ProbeTopic.name, "-", "+")).map(([, f]) => JSON.parse(f[1] ?? "{}").data.n);
  expect(ns).toEqual([...Array(20).keys()]);
  close();
});

test("relays of several processes on one database publish each row once (lease)", async () => {
  await redis.del(ProbeTopic.name);
  const path = join(dir.path, "shared.sqlite");
  const a = openDatabase(path, migrations);
  const b = openDatabase(path, migrations);
  const leaseKey = `lease:${path}`;
  const relays = [a, b].map(({ db }) => createOutboxRelay({ db, redis, logger: createMemoryLogger("t"), pollMs: 20, leaseKey }));
  const uowA = createUnitOfWork(a.db, () => relays[0]?.wake());
  const uowB = createUnitOfWork(b.db, () => relays[1]?.wake());
  relays.forEach((r) => r.start());
  for (let n = 0; n < 40; n++) (n % 2 ? uowA : uowB).run((_tx, emit) => emit(ProbeTopic, { data: { n }, source: "t", correlationId: "c" }));
  const deadline = Date.now() + 5000;
  while ((await redis.xlen(ProbeTopic.name)) < 40 && Date.now() < deadline) await Bun.sleep(20);
  await Bun.sleep(200);
  await Promise.all(relays.map((r) => r.stop()));
  const ns = (await redis.xrange(ProbeTopic.name, "-", "+")).map(([, f]) => JSON.parse(f[1] ?? "{}").data.n as number);
  expect(ns.length).toBe(40);
  expect(new Set(ns).size).toBe(40);
  a.close();
  b.close();
});

test("a relay asks for its lease at most once per third of the lease's life, not on every pass", async () => {
  const evals = async () => Number(/cmdstat_eval:calls=(\d+)/.exec(await redis.info("commandstats"))?.[1] ?? 0);
  const { db, close } = openDatabase(join(dir.path, "lease-renew.sqlite"), migrations);
  const leaseKey = `lease:renew:${crypto.randomUUID()}`;
  const relay = createOutboxRelay({ db, redis, logger: createMemoryLogger("t"), pollMs: 10_000, leaseKey, leaseMs: 600 });
  const uow = createUnitOfWork(db);
  const before = await evals();
  for (let n = 0; n < 10; n++) {
    uow.run((_tx, emit) => emit(ProbeTopic, { data: { n }, source: "t", correlationId: "c" }));
    expect(await relay.flush()).toBe(1);
  }
  expect(await evals()).toBe(before + 1); // ten passes, one EVAL
  await Bun.sleep(250); // past a third of 600 ms: the next pass renews
  uow.run((_tx, emit) => emit(ProbeTopic, { data: { n: 10 }, source: "t", correlationId: "c" }));
  expect(await relay.flush()).toBe(1);
  expect(await evals()).toBe(before + 2);
  expect(await redis.pttl(leaseKey)).toBeGreaterThan(300);
  await relay.stop();
  close();
});

test("one batch is sent in one pipeline; a failed XADD marks only the rows before it, and the rest follow in order on the next pass", async () => {
  const Blocked = defineTopic("huleedu.test.blocked.v1", v.object({ n: v.number() }));
  await redis.del(ProbeTopic.name, Blocked.name);
  await redis.set(Blocked.name, "not a stream"); // XADD answers WRONGTYPE
  const { db, sqlite, close } = openDatabase(join(dir.path, "partial.sqlite"), migrations);
  const logger = createMemoryLogger("t");
  const relay = createOutboxRelay({ db, redis, logger, pollMs: 10_000 });
  const uow = createUnitOfWork(db);
  uow.run((_tx, emit) => emit(ProbeTopic, { data: { n: 0 }, source: "t", correlationId: "c" }));
  uow.run((_tx, emit) => emit(Blocked, { data: { n: 1 }, source: "t", correlationId: "c" }));
  uow.run((_tx, emit) => emit(ProbeTopic, { data: { n: 2 }, source: "t", correlationId: "c" }));
  expect(await relay.flush()).toBe(0); // the pass failed and was logged; nothing counted as done
  const probe = async () => (await redis.xrange(ProbeTopic.name, "-", "+")).map(([, f]) => JSON.parse(f[1] ?? "{}").data.n as number);
  // Row 0 is in the stream and marked; row 2 was sent after the failure but stays unmarked (a duplicate later, never a gap).
  expect(sqlite.query("SELECT json_extract(envelope, '$.data.n') AS n FROM outbox WHERE published_at IS NULL ORDER BY id").all()).toEqual([{ n: 1 }, { n: 2 }]);
  expect(logger.lines.some((l) => l.msg === "outbox publish failed; will retry")).toBe(true);

  await redis.del(Blocked.name);
  await relay.flush();
  expect(sqlite.query("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL").get()).toEqual({ n: 0 });
  expect((await redis.xrange(Blocked.name, "-", "+")).length).toBe(1);
  expect((await probe()).filter((n) => n === 0)).toEqual([0]);
  expect((await probe()).at(-1)).toBe(2);
  await relay.stop();
  close();
});

test("batch: inner units commit together (savepoints), the relay is woken once after the commit, and a throw rolls back all", () => {
  const { db, sqlite, close } = openDatabase(join(dir.path, "batch.sqlite"), migrations);
  let wakes = 0;
  const uow = createUnitOfWork(db, () => { wakes++; });
  const emitOne = (n: number) => uow.runOnce("c", `e-${n}`, (_tx, emit) => emit(ProbeTopic, { data: { n }, source: "t", correlationId: "c" }));
  const outcomes = uow.batch(() => {
    const first = [emitOne(1), emitOne(2), emitOne(1)];
    expect(wakes).toBe(0); // nothing committed yet
    return first;
  });
  expect(outcomes.map((o) => o.applied)).toEqual([true, true, false]);
  expect(wakes).toBe(1);
  const rows = () => sqlite.query("SELECT count(*) AS n FROM outbox").get() as { n: number };
  expect(rows().n).toBe(2);
  expect(() => uow.batch(() => {
    emitOne(3);
    throw new Error("late failure");
  })).toThrow("late failure");
  expect(rows().n).toBe(2); // event 3 rolled back with its mark
  expect(emitOne(3).applied).toBe(true); // so it applies on its retry
  expect(wakes).toBe(2);
  close();
});
