import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Redis } from "ioredis";
import { makeEnvelope } from "../contracts/topics.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { createConsumer, on, type Consumer } from "./consumer.ts";
import { createDlqWriter } from "./dlq-writer.ts";
import { publishEnvelope } from "./publisher.ts";
import { parseEntries } from "./streams.ts";
import { ProbeTopic } from "./test-fixtures/probe-topic.ts";

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(() => server.stop());

const probe = (n: number) => makeEnvelope(ProbeTopic, { data: { n }, source: "test", correlationId: `c-${n}` });

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(25);
  }
}

async function dlqEntries() {
  return parseEntries(await redis.xrange(ProbeTopic.dlq, "-", "+"));
}

function consumerWith(group: string, handle: (n: number) => Promise<void>, extra: Partial<Parameters<typeof createConsumer>[0]> = {}): Consumer {
  const logger = createMemoryLogger(group);
  return createConsumer({
    redis, group, logger, dlq: createDlqWriter({ redis, logger }), blockMs: 100,
    reclaimIdleMs: 200, maxDeliveries: 3,
    handlers: [on(ProbeTopic, async (env) => handle(env.data.n))],
    ...extra,
  });
}

describe("consumer group runner", () => {
  test("an entry of a consumer that died before acking is taken over and applied once", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const group = "takeover";
    const dying = Bun.spawn(["bun", `${import.meta.dir}/test-fixtures/dying-consumer.ts`, server.url, group], { stdout: "inherit", stderr: "inherit" });
    await Bun.sleep(300); // let it create the group and block
    await publishEnvelope(redis, ProbeTopic, probe(7));
    expect(await dying.exited).toBe(3); // it read the entry and died holding it
    const pending = (await redis.xpending(ProbeTopic.name, group)) as [number, ...unknown[]];
    expect(pending[0]).toBe(1);

    const effects: number[] = [];
    const survivor = consumerWith(group, async (n) => { effects.push(n); });
    await survivor.start();
    await waitFor(async () => effects.length >= 1);
    await Bun.sleep(500); // several reclaim intervals: no second application
    await survivor.stop();
    expect(effects).toEqual([7]);
    const after = (await redis.xpending(ProbeTopic.name, group)) as [number, ...unknown[]];
    expect(after[0]).toBe(0);
  });

  test("a handler that always throws sends the entry to the DLQ after the limit and goes on", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const seen: number[] = [];
    const consumer = consumerWith("always-throws", async (n) => {
      seen.push(n);
      if (n === 1) throw new Error("boom on 1");
    });
    await consumer.start();
    await publishEnvelope(redis, ProbeTopic, probe(1));
    await publishEnvelope(redis, ProbeTopic, probe(2));
    await waitFor(async () => (await dlqEntries()).length === 1);
    await consumer.stop();
    const [dead] = await dlqEntries();
    expect(dead?.fields.reason).toBe("max_deliveries_exceeded");
    expect(dead?.fields.delivery_count).toBe("3");
    expect(dead?.fields.error).toBe("boom on 1");
    expect(JSON.parse(dead?.fields.envelope ?? "{}").data.n).toBe(1);
    expect(seen.filter((n) => n === 1).length).toBe(3);
    expect(seen).toContain(2); // the next entry was handled meanwhile
    const pending = (await redis.xpending(ProbeTopic.name, "always-throws")) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  test("the handler is told which delivery is its last: a handler that settles on it keeps the entry out of the DLQ", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const logger = createMemoryLogger("last-delivery");
    const seen: { count: number; last: boolean }[] = [];
    const consumer = createConsumer({
      redis, group: "last-delivery", logger, dlq: createDlqWriter({ redis, logger }), blockMs: 100, reclaimIdleMs: 200, maxDeliveries: 3,
      handlers: [on(ProbeTopic, async (_env, ctx) => {
        seen.push({ count: ctx.deliveryCount, last: ctx.lastDelivery });
        if (!ctx.lastDelivery) throw new Error("dependency down");
      })],
    });
    await consumer.start();
    await publishEnvelope(redis, ProbeTopic, probe(5));
    await waitFor(async () => seen.length === 3 && ((await redis.xpending(ProbeTopic.name, "last-delivery")) as [number])[0] === 0);
    await consumer.stop();
    expect(seen).toEqual([{ count: 1, last: false }, { count: 2, last: false }, { count: 3, last: true }]);
    expect(await dlqEntries()).toEqual([]);
  });

  test("a payload that fails its schema goes to the DLQ at once and the handler never runs", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const seen: number[] = [];
    const consumer = consumerWith("schema", async (n) => { seen.push(n); });
    await consumer.start();
    const bad = { ...probe(5), data: { n: "five" } };
    await redis.xadd(ProbeTopic.name, "*", "envelope", JSON.stringify(bad));
    await redis.xadd(ProbeTopic.name, "*", "envelope", "{not json");
    await waitFor(async () => (await dlqEntries()).length === 2);
    await consumer.stop();
    const dead = await dlqEntries();
    expect(dead.map((d) => d.fields.reason)).toEqual(["schema_validation_failed", "schema_validation_failed"]);
    expect(dead.map((d) => d.fields.delivery_count)).toEqual(["1", "1"]);
    expect(seen).toEqual([]);
  });

  test("stop finishes the message in hand before returning", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const done: number[] = [];
    const consumer = consumerWith("graceful", async (n) => {
      await Bun.sleep(300);
      done.push(n);
    });
    await consumer.start();
    await publishEnvelope(redis, ProbeTopic, probe(9));
    await Bun.sleep(150); // handler is mid-way
    await consumer.stop();
    expect(done).toEqual([9]);
    const pending = (await redis.xpending(ProbeTopic.name, "graceful")) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });
});

describe("entries in hand", () => {
  test("a handler slower than the reclaim idle time runs once and is not dead-lettered", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const runs: number[] = [];
    const consumer = consumerWith("slow-handler", async (n) => {
      runs.push(n);
      await Bun.sleep(1200); // six times the reclaim idle time of 200 ms
    });
    await consumer.start();
    await publishEnvelope(redis, ProbeTopic, probe(11));
    await waitFor(async () => {
      const pending = (await redis.xpending(ProbeTopic.name, "slow-handler")) as [number, ...unknown[]];
      return runs.length > 0 && pending[0] === 0;
    });
    await consumer.stop();
    expect(runs).toEqual([11]);
    expect(await dlqEntries()).toEqual([]);
  });
});

describe("timing metrics", () => {
  test("each delivery's handler time and each event's wait before its first delivery are observed per topic", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    const metrics = createMetrics("timing-test");
    let first = true;
    const consumer = consumerWith("timing", async () => {
      await Bun.sleep(60);
      if (first) {
        first = false;
        throw new Error("fail once"); // a retried delivery: timed again, but waits only once
      }
    }, { metrics });
    // Published before the consumer starts: the wait covers its time in the stream.
    await publishEnvelope(redis, ProbeTopic, probe(21));
    await Bun.sleep(150);
    await consumer.start();
    await waitFor(async () => ((await redis.xpending(ProbeTopic.name, "timing")) as [number])[0] === 0 && !first);
    await consumer.stop();
    const text = await metrics.registry.metrics();
    const value = (series: string) => Number(new RegExp(`^${series}\\{[^}]*topic="${ProbeTopic.name}"[^}]*\\} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value("event_handler_duration_seconds_count")).toBe(2);
    expect(value("event_handler_duration_seconds_sum")).toBeGreaterThanOrEqual(0.12);
    expect(value("event_queue_wait_seconds_count")).toBe(1);
    expect(value("event_queue_wait_seconds_sum")).toBeGreaterThanOrEqual(0.15);
  });
});
