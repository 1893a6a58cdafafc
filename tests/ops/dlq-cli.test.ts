import { afterAll, beforeAll, expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { createDlqWriter } from "../../shared/bus/dlq-writer.ts";
import { parseEntries } from "../../shared/bus/streams.ts";
import { ClientBatchPipelineRequestTopic } from "../../shared/contracts/events/batch.ts";
import { makeEnvelope } from "../../shared/contracts/topics.ts";
import { createMemoryLogger } from "../../shared/observability/logger.ts";
import { startRedis, type TestRedis } from "../../shared/testing/redis.ts";

const ROOT = resolve(import.meta.dir, "../..");
const TOPIC = ClientBatchPipelineRequestTopic;
let redis: TestRedis;
beforeAll(async () => { redis = await startRedis(); });
afterAll(async () => { await redis?.stop(); });

function cli(...args: string[]) {
  const run = Bun.spawnSync(["bun", join(ROOT, "scripts/dlq.ts"), ...args], { cwd: ROOT, env: { ...process.env, REDIS_URL: redis.url, USER: "ops-test" }, stdout: "pipe", stderr: "pipe" });
  return { code: run.exitCode, out: run.stdout.toString(), err: run.stderr.toString() };
}

async function deadLetter(batchId: string, envelope?: string) {
  const body = envelope ?? JSON.stringify(makeEnvelope(TOPIC, {
    data: { batch_id: batchId, requested_pipeline: "nlp", user_id: "u1", prompt_payload: null }, source: "api-gateway", correlationId: `corr-${batchId}`,
  }));
  const write = createDlqWriter({ redis: redis.client(), logger: createMemoryLogger("t") });
  expect(await write({ topic: TOPIC.name, reason: "handler_failed", error: "boom", originalId: "1-1", deliveryCount: 5, envelope: body })).toBe(true);
  return body;
}

test("list shows DLQ depths, show prints each dead letter with its reason and event id", async () => {
  const envelope = await deadLetter("b-list");
  const listed = cli("list");
  expect(listed.code).toBe(0);
  expect(listed.out).toContain(`1  ${TOPIC.dlq}`);
  const shown = cli("show", TOPIC.name);
  expect(shown.code).toBe(0);
  const first = JSON.parse(shown.out.trim().split("\n")[0] as string) as Record<string, unknown>;
  expect(first).toMatchObject({ reason: "handler_failed", error: "boom", delivery_count: 5, event_id: (JSON.parse(envelope) as { event_id: string }).event_id });
  expect(cli("replay", TOPIC.name).code).toBe(0); // leave the DLQ empty for the next test
});

test("replay --id moves exactly that entry back, unchanged, logs it, and a second replay of it finds nothing", async () => {
  const client = redis.client();
  const keep = await deadLetter("b-keep");
  const move = await deadLetter("b-move");
  const [, moveEntry] = parseEntries(await client.xrange(TOPIC.dlq, "-", "+"));
  const before = await client.xlen(TOPIC.name);
  const replay = cli("replay", `${TOPIC.name}.DLQ`, "--id", moveEntry?.id as string);
  expect(replay.code).toBe(0);
  expect(replay.out).toContain("replayed 1");
  expect(await client.xlen(TOPIC.name)).toBe(before + 1);
  const [last] = parseEntries(await client.xrevrange(TOPIC.name, "+", "-", "COUNT", 1));
  expect(last?.fields.envelope).toBe(move); // same envelope, same event id: idempotent handlers absorb it
  const left = parseEntries(await client.xrange(TOPIC.dlq, "-", "+"));
  expect(left.map((e) => e.fields.envelope)).toEqual([keep]);
  // Logged as JSON on stderr and kept in the audit stream.
  const logLine = JSON.parse(replay.err.trim().split("\n").find((l) => l.includes("dead letter replayed")) as string) as Record<string, unknown>;
  expect(logLine).toMatchObject({ topic: TOPIC.name, dlq_id: moveEntry?.id, operator: "ops-test", event_id: (JSON.parse(move) as { event_id: string }).event_id });
  const audit = parseEntries(await client.xrange("huleedu.ops.dlq-replays", "-", "+"));
  expect(audit.at(-1)?.fields).toMatchObject({ topic: TOPIC.name, dlq_id: moveEntry?.id, operator: "ops-test" });

  const again = cli("replay", TOPIC.name, "--id", moveEntry?.id as string);
  expect(again.code).toBe(1);
  expect(again.out).toContain(`not found ${moveEntry?.id}`);
  expect(await client.xlen(TOPIC.name)).toBe(before + 1);
});

test("an envelope that no longer fits its topic is refused and stays in the DLQ; bad usage is exit 2", async () => {
  const client = redis.client();
  for (const e of parseEntries(await client.xrange(TOPIC.dlq, "-", "+"))) await client.xdel(TOPIC.dlq, e.id);
  await deadLetter("b-bad", JSON.stringify({ not: "an envelope" }));
  const before = await client.xlen(TOPIC.name);
  const replay = cli("replay", TOPIC.name);
  expect(replay.code).toBe(1);
  expect(replay.out).toContain("refused 1");
  expect(await client.xlen(TOPIC.dlq)).toBe(1);
  expect(await client.xlen(TOPIC.name)).toBe(before);
  expect(cli("show", "huleedu.no.such.topic.v1").code).toBe(2);
  expect(cli("frobnicate").code).toBe(2);
});
