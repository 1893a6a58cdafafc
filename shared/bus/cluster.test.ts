// The bus on a real Redis Cluster (3 masters + 3 replicas started here): streams in different slots,
// takeover, DLQ, poison, bounded DLQ writes, processed marks, the outbox relay and DLQ replay.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Cluster } from "ioredis";
import { makeEnvelope, type Topic } from "../contracts/topics.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { openDatabase } from "../db/database.ts";
import { createOutboxRelay } from "../db/outbox-relay.ts";
import { createUnitOfWork } from "../db/unit-of-work.ts";
import { startRedisCluster, type TestRedisCluster } from "../testing/redis-cluster.ts";
import { tempDir } from "../testing/temp-dir.ts";
import { createConsumer, on, type Consumer, type EventHandler } from "./consumer.ts";
import { replayDeadLetters, listDeadLetterQueues } from "./dlq-admin.ts";
import { createDlqWriter } from "./dlq-writer.ts";
import { PoisonMessageError } from "./errors.ts";
import { createProcessedMarks } from "./processed-marks.ts";
import { publishEnvelope, publishRaw, ReplicationError } from "./publisher.ts";
import { createRedis, publishToChannel, requireReplicaAcks } from "./redis.ts";
import { keySlot } from "./key-slot.ts";
import { parseEntries } from "./streams.ts";
import { ClusterTopics } from "./test-fixtures/cluster-topics.ts";
import { ProbeTopic } from "./test-fixtures/probe-topic.ts";

let cluster: TestRedisCluster;
let redis: Cluster;
const dir = tempDir();
beforeAll(async () => {
  cluster = await startRedisCluster();
  redis = cluster.client();
}, 40_000);
afterAll(async () => {
  await cluster.stop();
  dir.remove();
});

const [alpha, beta, gamma, delta] = ClusterTopics;
const envelopeOf = (topic: Topic, n: number) => makeEnvelope(topic as typeof ProbeTopic, { data: { n }, source: "test", correlationId: `c-${n}` });

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(25);
  }
}

const del = (...keys: string[]) => Promise.all(keys.map((k) => redis.del(k))); // one slot per command
const pendingCount = async (stream: string, group: string) => ((await redis.xpending(stream, group)) as [number])[0];
const dlqOf = async (topic: Topic) => parseEntries(await redis.xrange(topic.dlq, "-", "+"));

function consumerOn(group: string, handlers: EventHandler[]): Consumer {
  const logger = createMemoryLogger(group);
  return createConsumer({ redis, group, logger, dlq: createDlqWriter({ redis, logger }), blockMs: 200, reclaimIdleMs: 200, maxDeliveries: 3, handlers });
}

describe("bus on a Redis Cluster", () => {
  test("keySlot agrees with the cluster's CLUSTER KEYSLOT, hash tags included", async () => {
    const keys = [...ClusterTopics.map((t) => t.name), ...ClusterTopics.map((t) => t.dlq), "", "a", "{user1000}.following", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "{bcs:batch:b1:phases}:processed:e1", "bcs:batch:b1:phases", "é🙂"];
    for (const key of keys) expect(keySlot(key)).toBe(Number(await redis.call("CLUSTER", "KEYSLOT", key)));
    expect(keySlot("{bcs:batch:b1:phases}:processed:e1")).toBe(keySlot("bcs:batch:b1:phases"));
  }, 20_000);

  test("the test streams live on different masters, and one XREADGROUP over them is refused (CROSSSLOT)", async () => {
    const masters = new Set(await Promise.all(ClusterTopics.map((t) => cluster.masterOf(t.name))));
    expect(masters.size).toBeGreaterThanOrEqual(2);
    for (const t of ClusterTopics) await redis.xgroup("CREATE", t.name, "crossslot", "$", "MKSTREAM").catch(() => undefined);
    const names = ClusterTopics.map((t) => t.name);
    const read = redis.call("XREADGROUP", "GROUP", "crossslot", "c", "COUNT", 1, "STREAMS", ...names, ...names.map(() => ">"));
    await expect(read).rejects.toThrow(/CROSSSLOT/);
  }, 20_000);

  test("one consumer reads four streams in four slots: every event handled once, none left pending, blocked reads wake at once", async () => {
    const seen = new Map<string, number[]>();
    const consumer = consumerOn("fan-in", ClusterTopics.map((t) => on(t, async (env, ctx) => {
      seen.set(ctx.topic, [...(seen.get(ctx.topic) ?? []), env.data.n]);
    })));
    await consumer.start();
    await Bun.sleep(300); // every reader is blocked now
    const started = performance.now();
    await publishEnvelope(redis, delta, envelopeOf(delta, 0));
    await waitFor(async () => (seen.get(delta.name)?.length ?? 0) === 1);
    const wake = performance.now() - started;
    for (let n = 1; n <= 25; n++) for (const t of ClusterTopics) await publishEnvelope(redis, t, envelopeOf(t, n));
    await waitFor(async () => ClusterTopics.every((t) => (seen.get(t.name)?.length ?? 0) >= (t === delta ? 26 : 25)));
    await Bun.sleep(300);
    await consumer.stop();
    expect(wake).toBeLessThan(150); // not a poll of BLOCK ms per slot group in turn
    for (const t of ClusterTopics) {
      const expected = t === delta ? [0, ...Array.from({ length: 25 }, (_, i) => i + 1)] : Array.from({ length: 25 }, (_, i) => i + 1);
      expect(seen.get(t.name)).toEqual(expected);
      expect(await pendingCount(t.name, "fan-in")).toBe(0);
    }
  }, 20_000);

  test("an entry of a consumer that died before acking is taken over (XAUTOCLAIM) and applied once", async () => {
    await del(ProbeTopic.name, ProbeTopic.dlq);
    const group = "cluster-takeover";
    const dying = Bun.spawn(["bun", join(import.meta.dir, "test-fixtures/dying-consumer.ts"), "redis://unused", group], {
      stdout: "inherit", stderr: "inherit", env: { ...process.env, REDIS_CLUSTER_NODES: cluster.nodes },
    });
    await waitFor(async () => (await redis.call("XINFO", "GROUPS", ProbeTopic.name).catch(() => []) as unknown[]).length > 0);
    await Bun.sleep(300);
    await publishEnvelope(redis, ProbeTopic, envelopeOf(ProbeTopic, 7));
    expect(await dying.exited).toBe(3);
    expect(await pendingCount(ProbeTopic.name, group)).toBe(1);
    const effects: number[] = [];
    const survivor = consumerOn(group, [on(ProbeTopic, async (env) => { effects.push(env.data.n); })]);
    await survivor.start();
    await waitFor(async () => effects.length >= 1);
    await Bun.sleep(500);
    await survivor.stop();
    expect(effects).toEqual([7]);
    expect(await pendingCount(ProbeTopic.name, group)).toBe(0);
  }, 20_000);

  test("a handler that always throws dead-letters after max deliveries, a poison entry at once, and the others go on", async () => {
    await del(alpha.name, alpha.dlq, beta.name, beta.dlq);
    const seen: string[] = [];
    const consumer = consumerOn("dlq", [
      on(alpha, async (env) => { seen.push(`a${env.data.n}`); if (env.data.n === 1) throw new Error("boom on 1"); }),
      on(beta, async (env) => { seen.push(`b${env.data.n}`); if (env.data.n === 1) throw new PoisonMessageError("cannot ever apply"); }),
    ]);
    await consumer.start();
    for (const n of [1, 2]) {
      await publishEnvelope(redis, alpha, envelopeOf(alpha, n));
      await publishEnvelope(redis, beta, envelopeOf(beta, n));
    }
    await waitFor(async () => (await dlqOf(alpha)).length === 1 && (await dlqOf(beta)).length === 1);
    await consumer.stop();
    const [a] = await dlqOf(alpha);
    const [b] = await dlqOf(beta);
    expect(a?.fields.reason).toBe("max_deliveries_exceeded");
    expect(a?.fields.delivery_count).toBe("3");
    expect(b?.fields.reason).toBe("poison_message");
    expect(b?.fields.delivery_count).toBe("1");
    expect(seen.filter((s) => s === "a1").length).toBe(3);
    expect(seen.filter((s) => s === "b1").length).toBe(1);
    expect(seen).toContain("a2");
    expect(seen).toContain("b2");
    expect(await pendingCount(alpha.name, "dlq")).toBe(0);
    expect(await pendingCount(beta.name, "dlq")).toBe(0);
    expect((await listDeadLetterQueues(redis, [alpha, beta, gamma])).map((q) => [q.topic, q.depth])).toEqual([[alpha.name, 1], [beta.name, 1], [gamma.name, 0]]);
  }, 20_000);

  test("a dead letter is replayed onto its topic (topic, DLQ and replay log are in different slots)", async () => {
    const [dead] = await dlqOf(alpha);
    expect(dead).toBeDefined();
    const before = await redis.xlen(alpha.name);
    const outcome = await replayDeadLetters(redis, alpha, { operator: "test", logger: createMemoryLogger("replay") });
    expect(outcome.replayed.map((r) => r.dlqId)).toEqual([dead?.id ?? ""]);
    expect(await redis.xlen(alpha.name)).toBe(before + 1);
    expect(await dlqOf(alpha)).toEqual([]);
  }, 20_000);

  test("a DLQ write is bounded by MAXLEN on the cluster", async () => {
    const write = createDlqWriter({ redis, logger: createMemoryLogger("t"), retention: 10 });
    const entry = { topic: gamma.name, reason: "r", error: "e", deliveryCount: 1, envelope: "{}" };
    for (let i = 0; i < 300; i++) expect(await write({ ...entry, originalId: `${i}-0` })).toBe(true);
    expect(await redis.xlen(gamma.dlq)).toBeLessThan(300);
  }, 20_000);

  test("processed marks: first mark wins, seen by later checks", async () => {
    const marks = createProcessedMarks(redis, "cluster-test", 60);
    const ids = Array.from({ length: 20 }, (_, i) => `event-${i}`);
    for (const id of ids) expect(await marks.isProcessed(id)).toBe(false);
    for (const id of ids) await marks.mark(id);
    for (const id of ids) expect(await marks.isProcessed(id)).toBe(true);
  }, 20_000);

  test("the outbox relay publishes rows for streams in several slots, each stream in commit order, under its lease", async () => {
    for (const t of ClusterTopics) await redis.del(t.name);
    const { db, close } = openDatabase(join(dir.path, "relay.sqlite"), join(import.meta.dir, "../db/test-fixtures/migrations"));
    const relay = createOutboxRelay({ db, redis, logger: createMemoryLogger("relay"), pollMs: 10_000, leaseKey: `huleedu:outbox-lease:${dir.path}` });
    const uow = createUnitOfWork(db, () => relay.wake());
    relay.start();
    for (let n = 0; n < 40; n++) {
      const t = ClusterTopics[n % 4] as Topic;
      uow.run((_tx, emit) => emit(t as typeof ProbeTopic, { data: { n }, source: "t", correlationId: "c" }));
    }
    await relay.flush();
    await relay.stop();
    close();
    for (const [i, t] of ClusterTopics.entries()) {
      const ns = (await redis.xrange(t.name, "-", "+")).map(([, f]) => JSON.parse(f[1] ?? "{}").data.n as number);
      expect(ns).toEqual(Array.from({ length: 10 }, (_, k) => k * 4 + i));
    }
  }, 20_000);

  test("with replica acks required, a publish (and an outbox batch) waits on the stream's own master for its replica", async () => {
    const acked = cluster.client();
    requireReplicaAcks(acked, { replicas: 1, timeoutMs: 1000 });
    for (const t of ClusterTopics) expect(await publishRaw(acked, t.name, "{}")).toMatch(/^\d+-\d+$/);
    const tooMany = cluster.client();
    requireReplicaAcks(tooMany, { replicas: 2, timeoutMs: 100 }); // each master has one replica
    await expect(publishRaw(tooMany, delta.name, "{}")).rejects.toBeInstanceOf(ReplicationError);

    const { db, close } = openDatabase(join(dir.path, "relay-acks.sqlite"), join(import.meta.dir, "../db/test-fixtures/migrations"));
    const uow = createUnitOfWork(db);
    for (let n = 0; n < 8; n++) uow.run((_tx, emit) => emit(ClusterTopics[n % 4] as typeof ProbeTopic, { data: { n }, source: "t", correlationId: "c" }));
    const failing = createOutboxRelay({ db, redis: tooMany, logger: createMemoryLogger("relay"), pollMs: 10_000 });
    expect(await failing.flush()).toBe(0); // not replicated enough: nothing marked published
    const relay = createOutboxRelay({ db, redis: acked, logger: createMemoryLogger("relay"), pollMs: 10_000 });
    expect(await relay.flush()).toBe(8);
    close();
  }, 20_000);

  test("pub/sub messages of one channel reach a subscriber on any node in the order they were published", async () => {
    const subscriber = createRedis(cluster.url);
    const got: string[] = [];
    subscriber.on("message", (_channel: string, text: string) => got.push(text));
    await subscriber.subscribe("ws:{order-test}");
    const sent = Array.from({ length: 300 }, (_, i) => String(i));
    await Promise.all(sent.map((m) => publishToChannel(redis, "ws:{order-test}", m)));
    await waitFor(async () => got.length === sent.length);
    subscriber.disconnect();
    expect(got).toEqual(sent);
  }, 20_000);
});
