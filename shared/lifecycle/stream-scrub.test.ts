import { afterAll, beforeAll, expect, test } from "bun:test";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { scrubStreams } from "./stream-scrub.ts";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

test("entries naming the batch or one of its essays are deleted across streams and pages; others stay", async () => {
  const r = redis.client();
  for (let i = 0; i < 1200; i++) await r.xadd("s1", "*", "envelope", JSON.stringify({ data: { batch_id: i % 3 === 0 ? "batch-gone-1" : "batch-kept-1", n: i } }));
  await r.xadd("s2", "*", "envelope", JSON.stringify({ data: { essay_id: "essay-gone-1" } }));
  await r.xadd("s2.DLQ", "*", "original", JSON.stringify({ data: { batch_id: "batch-gone-1" } }), "reason", "poison");
  await r.xadd("s2", "*", "envelope", JSON.stringify({ data: { essay_id: "essay-kept-1" } }));
  const deleted = await scrubStreams(r, ["s1", "s2", "s2.DLQ", "missing-stream"], ["batch-gone-1", "essay-gone-1"]);
  expect(deleted).toBe(400 + 2);
  expect(await r.xlen("s1")).toBe(800);
  expect((await r.xrange("s2", "-", "+")).map(([, f]) => f[1])).toEqual([JSON.stringify({ data: { essay_id: "essay-kept-1" } })]);
  expect(await r.xlen("s2.DLQ")).toBe(0);
  expect(await scrubStreams(r, ["s1", "s2"], ["batch-gone-1", "essay-gone-1"])).toBe(0);
});
