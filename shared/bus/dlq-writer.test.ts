import { afterAll, beforeAll, expect, test } from "bun:test";
import { createRedis } from "./redis.ts";
import { createDlqWriter } from "./dlq-writer.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { startSilentServer } from "../testing/silent-server.ts";
import { startRedis, type TestRedis } from "../testing/redis.ts";

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let real: TestRedis;
beforeAll(async () => {
  silent = await startSilentServer();
  real = await startRedis();
});
afterAll(async () => {
  await silent.stop();
  await real.stop();
});

const entry = { topic: "huleedu.test.dlq.v1", reason: "r", error: "original", originalId: "1-0", deliveryCount: 1, envelope: "{}" };

test("a DLQ write to a Redis that never answers returns false within the timeout", async () => {
  const redis = createRedis(silent.url, { maxRetriesPerRequest: 1 });
  const logger = createMemoryLogger("t");
  const write = createDlqWriter({ redis, logger, timeoutMs: 300 });
  const started = performance.now();
  const ok = await write(entry);
  const elapsed = performance.now() - started;
  redis.disconnect();
  expect(ok).toBe(false);
  expect(elapsed).toBeGreaterThanOrEqual(290);
  expect(elapsed).toBeLessThan(300 + 250);
  const line = logger.lines.find((l) => l.msg === "DLQ publish failed");
  expect(line?.dlq_topic).toBe("huleedu.test.dlq.v1.DLQ");
  expect(line?.original_event_id).toBe("1-0");
});

test("a DLQ write to a working Redis is bounded by MAXLEN", async () => {
  const redis = real.client();
  const write = createDlqWriter({ redis, logger: createMemoryLogger("t"), retention: 10 });
  for (let i = 0; i < 300; i++) expect(await write({ ...entry, originalId: `${i}-0` })).toBe(true);
  const len = await redis.xlen("huleedu.test.dlq.v1.DLQ");
  expect(len).toBeLessThan(300); // approximate trimming keeps it near the bound
});
