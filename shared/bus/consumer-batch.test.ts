import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Redis } from "ioredis";
import { makeEnvelope } from "../contracts/topics.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { createConsumer, on, type Consumer } from "./consumer.ts";
import { PoisonMessageError } from "./errors.ts";
import { createDlqWriter } from "./dlq-writer.ts";
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

async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(25);
  }
}

/** Publish `ns` in one pipeline, so that one read returns them all. */
async function publishAll(ns: number[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const n of ns) pipeline.xadd(ProbeTopic.name, "*", "envelope", JSON.stringify(probe(n)));
  await pipeline.exec();
}

function batchConsumer(group: string, one: (n: number) => Promise<void>, many: (ns: number[]) => Promise<void>): Consumer {
  const logger = createMemoryLogger(group);
  return createConsumer({
    redis, group, logger, dlq: createDlqWriter({ redis, logger }), blockMs: 100, reclaimIdleMs: 200, maxDeliveries: 3,
    handlers: [on(ProbeTopic, async (env) => one(env.data.n), async (items) => many(items.map((i) => i.envelope.data.n)))],
  });
}

const pendingCount = async (group: string) => ((await redis.xpending(ProbeTopic.name, group)) as [number, ...unknown[]])[0];

describe("batch handlers", () => {
  test("the entries of one read reach handleBatch together, in order, and are all acked", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    await redis.xgroup("CREATE", ProbeTopic.name, "batch-ok", "$", "MKSTREAM");
    await publishAll([1, 2, 3, 4, 5]);
    const batches: number[][] = [];
    const singles: number[] = [];
    const consumer = batchConsumer("batch-ok", async (n) => { singles.push(n); }, async (ns) => { batches.push(ns); });
    await consumer.start();
    await waitFor(() => batches.flat().length + singles.length >= 5);
    await Bun.sleep(300);
    await consumer.stop();
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(singles).toEqual([]);
    expect(await pendingCount("batch-ok")).toBe(0);
  });

  test("a batch that throws is retried entry by entry: the poison one goes to the DLQ alone, the others are applied once", async () => {
    await redis.del(ProbeTopic.name, ProbeTopic.dlq);
    await redis.xgroup("CREATE", ProbeTopic.name, "batch-fallback", "$", "MKSTREAM");
    await publishAll([1, 2, 3]);
    const applied: number[] = [];
    let batchCalls = 0;
    const consumer = batchConsumer(
      "batch-fallback",
      async (n) => {
        if (n === 2) throw new PoisonMessageError("two is poison");
        applied.push(n);
      },
      async (ns) => {
        batchCalls++;
        if (ns.includes(2)) throw new PoisonMessageError("two is poison");
        applied.push(...ns);
      },
    );
    await consumer.start();
    await waitFor(async () => applied.length >= 2 && (await redis.xlen(ProbeTopic.dlq)) >= 1);
    await Bun.sleep(500); // reclaim intervals: nothing is applied twice
    await consumer.stop();
    expect(batchCalls).toBe(1);
    expect(applied).toEqual([1, 3]);
    const dead = parseEntries(await redis.xrange(ProbeTopic.dlq, "-", "+"));
    expect(dead.length).toBe(1);
    expect(dead[0]!.fields.envelope).toContain('"n":2');
    expect(await pendingCount("batch-fallback")).toBe(0);
  });
});
