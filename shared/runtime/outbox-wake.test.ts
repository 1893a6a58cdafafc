import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { ProbeTopic } from "../bus/test-fixtures/probe-topic.ts";
import { loadCommonConfig } from "../config/load-config.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { tempDir } from "../testing/temp-dir.ts";
import { startEventRuntime, type StatefulEventRuntime } from "./event-runtime.ts";

const MIGRATIONS = join(import.meta.dir, "../db/test-fixtures/migrations");
let server: TestRedis;
let redis: Redis;
let runtime: StatefulEventRuntime;
const dir = tempDir("huleedu-outbox-wake-");

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
  // A one-minute poll: anything published within the test was published by a wake.
  const common = loadCommonConfig({ REDIS_URL: server.url, HULEEDU_OUTBOX_POLL_MS: "60000" });
  runtime = await startEventRuntime({
    service: "wake-test", common, logger: createMemoryLogger("wake-test"), metrics: createMetrics("wake-test"),
    database: { path: join(dir.path, "db.sqlite"), migrationsFolder: MIGRATIONS },
  });
  await runtime.relay.flush(); // the start-up pass
});
afterAll(async () => {
  await runtime?.stop();
  await server?.stop();
  dir.remove();
});

test("a commit that emitted nothing does not wake the relay", async () => {
  const before = runtime.relay.passes;
  for (let i = 0; i < 20; i++) expect(runtime.uow.runOnce("c", `quiet-${i}`, () => i).applied).toBe(true);
  runtime.uow.run(() => undefined);
  await Bun.sleep(200);
  expect(runtime.relay.passes).toBe(before);
  expect(runtime.database.sqlite.query("SELECT count(*) AS n FROM processed_events").get()).toEqual({ n: 20 });
});

test("a commit that emitted wakes the relay, which publishes at once (not at the next poll)", async () => {
  const before = runtime.relay.passes;
  runtime.uow.runOnce("c", "loud-1", (_tx, emit) => emit(ProbeTopic, { data: { n: 1 }, source: "t", correlationId: "c" }));
  runtime.uow.run((_tx, emit) => emit(ProbeTopic, { data: { n: 2 }, source: "t", correlationId: "c" }));
  const deadline = Date.now() + 2000;
  while ((await redis.xlen(ProbeTopic.name)) < 2 && Date.now() < deadline) await Bun.sleep(10);
  expect(await redis.xlen(ProbeTopic.name)).toBe(2);
  expect(runtime.relay.passes).toBeGreaterThan(before);
  // A replayed event is not applied again and emits nothing.
  expect(runtime.uow.runOnce("c", "loud-1", (_tx, emit) => emit(ProbeTopic, { data: { n: 3 }, source: "t", correlationId: "c" })).applied).toBe(false);
});

test("an emit rolled back with its transaction publishes nothing; the next emit still wakes the relay", async () => {
  await redis.del(ProbeTopic.name);
  expect(() => runtime.uow.run((_tx, emit) => {
    emit(ProbeTopic, { data: { n: 4 }, source: "t", correlationId: "c" });
    throw new Error("handler failed");
  })).toThrow("handler failed");
  runtime.uow.run((_tx, emit) => emit(ProbeTopic, { data: { n: 5 }, source: "t", correlationId: "c" }));
  const deadline = Date.now() + 2000;
  while ((await redis.xlen(ProbeTopic.name)) < 1 && Date.now() < deadline) await Bun.sleep(10);
  await Bun.sleep(100);
  const ns = (await redis.xrange(ProbeTopic.name, "-", "+")).map(([, f]) => JSON.parse(f[1] ?? "{}").data.n as number);
  expect(ns).toEqual([5]);
});
