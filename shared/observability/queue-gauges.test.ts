import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import * as v from "valibot";
import { on } from "../bus/consumer.ts";
import { PoisonMessageError } from "../bus/errors.ts";
import { loadCommonConfig } from "../config/load-config.ts";
import { defineTopic } from "../contracts/topics.ts";
import { startEventRuntime, type StatefulEventRuntime } from "../runtime/event-runtime.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { tempDir } from "../testing/temp-dir.ts";
import { createMemoryLogger } from "./logger.ts";
import { createMetrics, type ServiceMetrics } from "./metrics.ts";

const Work = defineTopic("huleedu.test.gauges.work.v1", v.object({ n: v.number() }));
const Idle = defineTopic("huleedu.test.gauges.idle.v1", v.object({ n: v.number() }));
const MIGRATIONS = join(import.meta.dir, "../db/test-fixtures/migrations");

let redis: TestRedis;
let dir: ReturnType<typeof tempDir>;
let runtime: StatefulEventRuntime;
let metrics: ServiceMetrics;
let release!: () => void;
const gate = new Promise<void>((r) => (release = r));

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir("huleedu-gauges-");
  metrics = createMetrics("gauges-test");
  const common = loadCommonConfig({ REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: "k", HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "60000", HULEEDU_OUTBOX_POLL_MS: "60000" });
  runtime = await startEventRuntime({ service: "gauges-test", common, logger: createMemoryLogger("gauges-test"), metrics, database: { path: join(dir.path, "db.sqlite"), migrationsFolder: MIGRATIONS } });
  await runtime.consume([
    on(Work, async (e) => {
      if (e.data.n === 0) throw new PoisonMessageError("never valid");
      await gate; // held in hand: pending until the test releases it
    }),
    on(Idle, async () => undefined),
  ]);
});
afterAll(async () => {
  release();
  await runtime?.stop();
  await redis?.stop();
  dir?.remove();
});

async function scrape(): Promise<string> {
  return metrics.registry.metrics();
}
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await Bun.sleep(50);
  }
}

test("per consumed stream: pending while in hand, lag of undelivered entries, DLQ depth", async () => {
  await runtime.publish(Work, { data: { n: 0 }, correlationId: "c0" }); // poison → DLQ
  await runtime.publish(Work, { data: { n: 1 }, correlationId: "c1" }); // held in hand
  // Entries behind it: more than one read's batch, so some are not even delivered yet (lag).
  for (let i = 2; i < 60; i++) await runtime.publish(Work, { data: { n: i }, correlationId: `c${i}` });
  const work = `{stream="${Work.name}",service="gauges-test"}`;
  await until(async () => value(await scrape(), `bus_dlq_depth${work}`) === 1);
  const text = await scrape();
  expect(value(text, `bus_consumer_group_pending${work}`)).toBeGreaterThanOrEqual(1);
  expect(value(text, `bus_consumer_group_lag${work}`)).toBeGreaterThanOrEqual(1);
  expect(value(text, `bus_dlq_depth{stream="${Idle.name}",service="gauges-test"}`)).toBe(0);
  release();
  await until(async () => {
    const after = await scrape();
    return value(after, `bus_consumer_group_pending${work}`) === 0 && value(after, `bus_consumer_group_lag${work}`) === 0;
  });
});

test("outbox backlog and the age of its oldest unpublished row", async () => {
  const emit = () => runtime.uow.runOnce("gauges-test", crypto.randomUUID(), (_tx, e) => {
    e(Idle, { data: { n: 1 }, source: "gauges-test", correlationId: "c" });
  });
  await runtime.relay.stop(); // nothing publishes: rows stay in the outbox
  runtime.database.sqlite.run("INSERT INTO outbox (topic, event_id, envelope, created_at) VALUES (?, ?, ?, ?)", [Idle.name, crypto.randomUUID(), "{}", new Date(Date.now() - 90_000).toISOString()]);
  emit();
  const text = await scrape();
  expect(value(text, `outbox_backlog{service="gauges-test"}`)).toBe(2);
  expect(value(text, `outbox_oldest_unpublished_age_seconds{service="gauges-test"}`)).toBeGreaterThanOrEqual(89);
});
