import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Redis } from "ioredis";
import { startRedis, type TestRedis } from "../testing/redis.ts";
import { createProcessedMarks } from "./processed-marks.ts";

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(() => server.stop());

test("an event is processed once marked, and only for the service that marked it", async () => {
  const nlp = createProcessedMarks(redis, "nlp", 3600);
  const spellchecker = createProcessedMarks(redis, "spellchecker", 3600);
  const eventId = crypto.randomUUID();
  expect(await nlp.isProcessed(eventId)).toBe(false);
  await nlp.mark(eventId);
  expect(await nlp.isProcessed(eventId)).toBe(true);
  expect(await spellchecker.isProcessed(eventId)).toBe(false);
  expect(await redis.exists(`nlp:processed:${eventId}`)).toBe(1);
});

test("a mark lives for the TTL and the first mark wins", async () => {
  const marks = createProcessedMarks(redis, "nlp", 120);
  const eventId = crypto.randomUUID();
  const key = `nlp:processed:${eventId}`;
  await marks.mark(eventId);
  const first = await redis.get(key);
  await redis.expire(key, 60);
  await Bun.sleep(5);
  await marks.mark(eventId);
  expect(await redis.get(key)).toBe(first);
  // NX: the second mark neither rewrites the value nor restores the TTL.
  const ttl = await redis.ttl(key);
  expect(ttl).toBeGreaterThan(50);
  expect(ttl).toBeLessThanOrEqual(60);
});

test("a new mark expires after its TTL", async () => {
  const marks = createProcessedMarks(redis, "nlp", 1);
  const eventId = crypto.randomUUID();
  await marks.mark(eventId);
  expect(await redis.ttl(`nlp:processed:${eventId}`)).toBe(1);
  await Bun.sleep(1100);
  expect(await marks.isProcessed(eventId)).toBe(false);
});
