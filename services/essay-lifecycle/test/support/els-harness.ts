// Test support: a throwaway Redis, a temp SQLite file, and ways to drive the ELS worker through real
// streams (publish envelopes, read its output streams with XRANGE).
import { Database } from "bun:sqlite";
import { join } from "node:path";
import type * as v from "valibot";
import type { Redis } from "ioredis";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadEssayLifecycleConfig } from "../../src/config.ts";
import { startEssayLifecycleApi, startEssayLifecycleWorker } from "../../src/service.ts";

export const INTERNAL_KEY = "els-test-key";

export interface ElsHarness {
  redis: Redis;
  env: Record<string, string>;
  dbPath: string;
  logger: ReturnType<typeof createMemoryLogger>;
  startWorker(): Promise<RunningService & { url: string }>;
  startApi(): Promise<RunningService & { url: string }>;
  publish<S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>, options?: { eventId?: string; correlationId?: string }): Promise<EventEnvelope>;
  republish(topic: Topic, envelope: EventEnvelope): Promise<void>;
  /** The `data` of every event on `topic` for `batchId`, in stream order. */
  events<S extends v.GenericSchema>(topic: Topic<S>, batchId: string): Promise<v.InferOutput<S>[]>;
  envelopes(topic: Topic, batchId: string): Promise<EventEnvelope[]>;
  /** Read the service's database directly (read-only). */
  query<T>(sql: string, ...params: (string | number)[]): T[];
  stop(): Promise<void>;
}

/** `env` adds to or overrides the test settings (e.g. tiny phase deadlines). */
export async function startHarness(env: Record<string, string> = {}): Promise<ElsHarness> {
  const server: TestRedis = await startRedis();
  const redis = server.client();
  const dir = tempDir("els-test-");
  const dbPath = join(dir.path, "els.sqlite");
  const settings: Record<string, string> = {
    REDIS_URL: server.url,
    HULEEDU_INTERNAL_API_KEY: INTERNAL_KEY,
    HULEEDU_DATA_DIR: dir.path,
    HULEEDU_BUS_BLOCK_MS: "100",
    HULEEDU_BUS_RECLAIM_IDLE_MS: "500",
    HULEEDU_OUTBOX_POLL_MS: "100",
    ELS_HTTP_PORT: "0",
    ELS_WORKER_HTTP_PORT: "0",
    ELS_DB_PATH: dbPath,
    ...env,
  };
  const logger = createMemoryLogger("essay-lifecycle");
  const running: RunningService[] = [];
  let reader: Database | undefined;

  async function envelopes(topic: Topic, batchId: string): Promise<EventEnvelope[]> {
    const entries = await redis.xrange(topic.name, "-", "+");
    return entries
      .map(([, fields]) => JSON.parse(fields[fields.indexOf("envelope") + 1] ?? "{}") as EventEnvelope<{ batch_id?: string }>)
      .filter((e) => e.data?.batch_id === batchId);
  }

  return {
    redis, env: settings, dbPath, logger,
    async startWorker() {
      const worker = await startEssayLifecycleWorker(loadEssayLifecycleConfig(settings), logger);
      running.push(worker);
      return worker;
    },
    async startApi() {
      const api = await startEssayLifecycleApi(loadEssayLifecycleConfig(settings), logger);
      running.push(api);
      return api;
    },
    async publish(topic, data, options = {}) {
      const envelope = makeEnvelope(topic, {
        data, source: "els-test", correlationId: options.correlationId ?? crypto.randomUUID(),
        ...(options.eventId ? { eventId: options.eventId } : {}),
      });
      await publishEnvelope(redis, topic, envelope);
      return envelope;
    },
    async republish(topic, envelope) {
      await publishEnvelope(redis, topic, envelope);
    },
    async events(topic, batchId) {
      return (await envelopes(topic, batchId)).map((e) => e.data as v.InferOutput<typeof topic.schema>);
    },
    envelopes,
    query<T>(sql: string, ...params: (string | number)[]): T[] {
      reader ??= new Database(dbPath, { readonly: true });
      return reader.query(sql).all(...params) as T[];
    },
    async stop() {
      for (const service of running.reverse()) await service.stop();
      reader?.close();
      await server.stop();
      dir.remove();
    },
  };
}

/** Poll until `check` returns a value that is not undefined/false, or fail with `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

/** Time for anything still in flight (redeliveries, duplicate outcomes) to show up before counting. */
export const settle = (ms = 800) => Bun.sleep(ms);
