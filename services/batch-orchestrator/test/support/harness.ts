import { Database } from "bun:sqlite";
import { join } from "node:path";
import * as v from "valibot";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { BatchContentProvisioningCompletedTopic, ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { ClientBatchPipelineRequestTopic } from "@shared/contracts/events/batch.ts";
import { makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { notificationChannel, TeacherNotificationSchema, type TeacherNotification } from "@shared/contracts/notifications.ts";
import type { StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadBosConfig } from "../../src/config.ts";
import { SERVICE_NAME, startBatchOrchestratorService } from "../../src/service.ts";
import { startFakeBcs, type FakeBcs } from "./fake-bcs.ts";

export const KEY = "bos-test-key";
export const headers = { "X-Internal-API-Key": KEY, "Content-Type": "application/json" };
const CONSUMED = [BatchContentProvisioningCompletedTopic, ClientBatchPipelineRequestTopic, ELSBatchPhaseOutcomeTopic];

/** Poll until `check` returns a value other than undefined/false, or fail after `ms`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 8000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

export const promptRef = (storageId: string = crypto.randomUUID()): StorageReferenceMetadata => ({
  references: { student_prompt_text: { storage_id: storageId } },
});

export function registrationBody(overrides: Record<string, unknown> = {}) {
  return {
    expected_essay_count: 2, course_code: "ENG5", essay_instructions: "Write about your summer.",
    user_id: "teacher-1", org_id: "org-1", class_id: "9A", cj_settings: { total_budget: 40, seed: 7 },
    ...overrides,
  };
}

export interface Harness {
  url: string;
  redis: TestRedis;
  client: Redis;
  bcs: FakeBcs;
  logger: ReturnType<typeof createMemoryLogger>;
  dbPath: string;
  register(body: unknown, extra?: Record<string, string>): Promise<Response>;
  publish<S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>, correlationId?: string): Promise<EventEnvelope>;
  publishAgain(topic: Topic, envelope: EventEnvelope): Promise<void>;
  events<T = Record<string, unknown>>(topic: Topic, batchId?: string): Promise<EventEnvelope<T>[]>;
  listen(userId: string): Promise<{ received: TeacherNotification[]; close(): Promise<void> }>;
  /** Every consumed entry handled and acked, and every committed event published. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** BOS on port 0 with its own Redis, SQLite file and fake BCS; `env` adds or overrides config variables. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const redis = await startRedis();
  const client = redis.client();
  const dir = tempDir("bos-test-");
  const bcs = startFakeBcs(KEY);
  const logger = createMemoryLogger(SERVICE_NAME);
  const dbPath = join(dir.path, "bos.sqlite");
  const config = loadBosConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, BOS_HTTP_PORT: "0", BOS_DB_PATH: dbPath, BCS_URL: bcs.url,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100", BOS_BCS_TIMEOUT_MS: "2000",
    ...env,
  });
  const service = await startBatchOrchestratorService(config, logger);
  const listeners: Redis[] = [];
  const sqlite = new Database(dbPath, { readonly: true });

  async function drained(): Promise<boolean> {
    for (const topic of CONSUMED) {
      const groups = (await client.call("XINFO", "GROUPS", topic.name)) as unknown[][];
      for (const g of groups) {
        const info = Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [String(g[2 * i]), g[2 * i + 1]]));
        if (info.name === SERVICE_NAME && (Number(info.pending) !== 0 || Number(info.lag ?? 0) !== 0)) return false;
      }
    }
    const row = sqlite.query("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL").get() as { n: number };
    return row.n === 0;
  }

  return {
    url: service.url, redis, client, bcs, logger, dbPath,
    register: (body, extra = {}) =>
      fetch(`${service.url}/internal/v1/batches/register`, { method: "POST", headers: { ...headers, ...extra }, body: JSON.stringify(body) }),
    async publish(topic, data, correlationId = crypto.randomUUID()) {
      const envelope = makeEnvelope(topic, { data, source: "test", correlationId });
      await publishEnvelope(client, topic, envelope);
      return envelope;
    },
    async publishAgain(topic, envelope) {
      await publishEnvelope(client, topic, envelope);
    },
    async events<T>(topic: Topic, batchId?: string) {
      const entries = await client.xrange(topic.name, "-", "+");
      const all = entries.map(([, fields]) => JSON.parse(fields[1] ?? "{}") as EventEnvelope<T>);
      return batchId ? all.filter((e) => (e.data as { batch_id?: string }).batch_id === batchId) : all;
    },
    async listen(userId) {
      const sub = redis.client();
      listeners.push(sub);
      const received: TeacherNotification[] = [];
      sub.on("message", (_channel: string, message: string) => received.push(v.parse(TeacherNotificationSchema, JSON.parse(message))));
      await sub.subscribe(notificationChannel(userId));
      return { received, close: async () => { await sub.unsubscribe(); } };
    },
    async settled() {
      await eventually(drained, 10_000, "BOS to drain its streams and outbox");
      await Bun.sleep(50); // pub/sub delivery to the test's subscriber is asynchronous
    },
    async stop() {
      sqlite.close();
      await service.stop();
      await bcs.stop();
      for (const l of listeners) l.disconnect();
      await redis.stop();
      dir.remove();
    },
  };
}
