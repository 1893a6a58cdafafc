// A master of a real Redis Cluster (3 masters, 2 replicas each) is killed while events stream
// through it; a replica takes over, and every event whose publish was acknowledged is still handled.
// Two replicas per master so the promoted one still has a replica to confirm publishes (WAIT 1).
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Cluster } from "ioredis";
import { makeEnvelope } from "../contracts/topics.ts";
import { createMemoryLogger } from "../observability/logger.ts";
import { startRedisCluster, type TestRedisCluster } from "../testing/redis-cluster.ts";
import { createConsumer, on } from "./consumer.ts";
import { createDlqWriter } from "./dlq-writer.ts";
import { publishEnvelope } from "./publisher.ts";
import { requireReplicaAcks, withTimeout } from "./redis.ts";
import { ClusterTopics } from "./test-fixtures/cluster-topics.ts";
import type { ProbeTopic } from "./test-fixtures/probe-topic.ts";

let cluster: TestRedisCluster;
let redis: Cluster;
beforeAll(async () => {
  cluster = await startRedisCluster({ replicasPerMaster: 2, nodeTimeoutMs: 1000 });
  redis = cluster.client();
  // Acknowledged = XADD answered by the master and WAIT confirmed by its replica (async replication
  // alone can lose the last writes of a killed master).
  requireReplicaAcks(redis, { replicas: 1, timeoutMs: 1000 });
}, 40_000);
afterAll(() => cluster.stop());

const TOTAL = 400;
const KILL_AT = 100;

test("a master killed mid-stream, its replica promoted: no acknowledged event is lost", async () => {
  const [victimTopic] = ClusterTopics;
  const victim = await cluster.masterOf(victimTopic.name);
  const logger = createMemoryLogger("failover");
  const seen = new Set<string>();
  const consumer = createConsumer({
    redis, group: "failover", logger, dlq: createDlqWriter({ redis, logger }), blockMs: 200, reclaimIdleMs: 500, maxDeliveries: 50,
    handlers: ClusterTopics.map((t) => on(t, async (env, ctx) => { seen.add(`${ctx.topic}#${env.data.n}`); })),
  });
  await consumer.start();

  const acked: string[] = [];
  let failedPublishes = 0;
  let ackedOnVictimAfterKill = 0;
  for (let n = 0; n < TOTAL; n++) {
    if (n === KILL_AT) await cluster.kill(victim);
    const topic = ClusterTopics[n % ClusterTopics.length] as typeof ProbeTopic;
    const envelope = makeEnvelope(topic, { data: { n }, source: "test", correlationId: `c-${n}` });
    for (let attempt = 0; ; attempt++) {
      try {
        await withTimeout(publishEnvelope(redis, topic, envelope), 1500, "publish");
        acked.push(`${topic.name}#${n}`);
        if (n >= KILL_AT && topic.name === victimTopic.name) ackedOnVictimAfterKill++;
        break;
      } catch {
        failedPublishes++; // not acknowledged: retried (a late landing is a duplicate, absorbed below)
        if (attempt > 100) throw new Error(`publish of ${n} never succeeded`);
        await Bun.sleep(100);
      }
    }
    await Bun.sleep(2);
  }
  await cluster.waitHealthy(20_000);
  const deadline = Date.now() + 20_000;
  while (acked.some((k) => !seen.has(k)) && Date.now() < deadline) await Bun.sleep(50);
  await consumer.stop();

  expect(await cluster.masterOf(victimTopic.name)).not.toBe(victim); // a replica took the slots over
  expect(failedPublishes).toBeGreaterThan(0); // the kill really hit publishes in flight
  expect(ackedOnVictimAfterKill).toBe((TOTAL - KILL_AT) / ClusterTopics.length);
  expect(acked.length).toBe(TOTAL);
  expect(acked.filter((k) => !seen.has(k))).toEqual([]);
}, 60_000);
