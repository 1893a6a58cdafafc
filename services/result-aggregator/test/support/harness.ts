import { join } from "node:path";
import * as v from "valibot";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { notificationChannel, TeacherNotificationSchema, type TeacherNotification } from "@shared/contracts/notifications.ts";
import { makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadRasConfig } from "../../src/config.ts";
import { SERVICE_NAME, startResultAggregatorService } from "../../src/service.ts";
import { CONSUMED_TOPICS } from "./events.ts";

export const KEY = "ras-test-key";
export const headers = { "X-Internal-API-Key": KEY };

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

export interface Harness {
  url: string;
  redis: TestRedis;
  client: Redis;
  logger: ReturnType<typeof createMemoryLogger>;
  dbPath: string;
  get(path: string, extraHeaders?: Record<string, string>): Promise<Response>;
  /** GET with the internal key, expecting 200; the parsed JSON. */
  json<T = Record<string, unknown>>(path: string): Promise<T>;
  publish<S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>, options?: { correlationId?: string; at?: string }): Promise<EventEnvelope>;
  publishAgain(topic: Topic, envelope: EventEnvelope): Promise<void>;
  listen(userId: string): Promise<{ received: TeacherNotification[]; close(): Promise<void> }>;
  /** Pending (delivered, unacked) entries of RAS's group on a topic. */
  pending(topic: Topic): Promise<number>;
  /** Every consumed entry handled and acked. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const redis = await startRedis();
  const client = redis.client();
  const dir = tempDir("ras-test-");
  const logger = createMemoryLogger(SERVICE_NAME);
  const dbPath = join(dir.path, "ras.sqlite");
  const config = loadRasConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, RAS_HTTP_PORT: "0", RAS_DB_PATH: dbPath,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    ...env,
  });
  const service = await startResultAggregatorService(config, logger);
  const listeners: Redis[] = [];

  async function groupInfo(topic: Topic): Promise<{ pending: number; lag: number } | undefined> {
    const groups = (await client.call("XINFO", "GROUPS", topic.name)) as unknown[][];
    for (const g of groups) {
      const info = Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [String(g[2 * i]), g[2 * i + 1]]));
      if (info.name === SERVICE_NAME) return { pending: Number(info.pending), lag: Number(info.lag ?? 0) };
    }
    return undefined;
  }

  async function drained(): Promise<boolean> {
    for (const topic of CONSUMED_TOPICS) {
      const info = await groupInfo(topic);
      if (info && (info.pending !== 0 || info.lag !== 0)) return false;
    }
    return true;
  }

  const get = (path: string, extra: Record<string, string> = headers) => fetch(`${service.url}${path}`, { headers: extra });
  return {
    url: service.url, redis, client, logger, dbPath, get,
    async json<T>(path: string) {
      const res = await get(path);
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    },
    async publish(topic, data, options = {}) {
      const envelope = makeEnvelope(topic, { data, source: "test", correlationId: options.correlationId ?? crypto.randomUUID() });
      if (options.at) envelope.event_timestamp = options.at;
      await publishEnvelope(client, topic, envelope);
      return envelope;
    },
    async publishAgain(topic, envelope) {
      await publishEnvelope(client, topic, envelope);
    },
    async listen(userId) {
      const sub = redis.client();
      listeners.push(sub);
      const received: TeacherNotification[] = [];
      sub.on("message", (_channel: string, message: string) => received.push(v.parse(TeacherNotificationSchema, JSON.parse(message))));
      await sub.subscribe(notificationChannel(userId));
      return { received, close: async () => { await sub.unsubscribe(); } };
    },
    async pending(topic) {
      const summary = (await client.call("XPENDING", topic.name, SERVICE_NAME)) as [number, ...unknown[]];
      return Number(summary[0]);
    },
    async settled() {
      await eventually(drained, 10_000, "RAS to drain its streams");
      await Bun.sleep(50); // pub/sub delivery to the test's subscriber is asynchronous
    },
    async stop() {
      await service.stop();
      for (const l of listeners) l.disconnect();
      await redis.stop();
      dir.remove();
    },
  };
}
