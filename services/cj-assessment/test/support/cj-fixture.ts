// Real Redis, the real content service and cj-assessment in-process, on temp files and port 0.
import { join } from "node:path";
import { Database } from "bun:sqlite";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { makeEnvelope, type Topic, type TopicData } from "@shared/contracts/topics.ts";
import { CJAssessmentRequestedTopic } from "@shared/contracts/events/els.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadCjConfig } from "../../src/config.ts";
import { startCjAssessmentService, type RunningCjService } from "../../src/service.ts";

export const INTERNAL_KEY = "cj-test-internal-key";

export interface CjFixture {
  redis: TestRedis;
  client: Redis;
  dir: string;
  contentUrl: string;
  env: Record<string, string>;
  cj: RunningCjService;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Start cj-assessment (again) on the same database, e.g. after `cj.stop()`. */
  restartCj(): Promise<RunningCjService>;
  storeText(text: string): Promise<string>;
  requestAssessment(data: Partial<TopicData<typeof CJAssessmentRequestedTopic>> & { batch_id: string; essays: { essay_id: string; text_storage_id: string }[] }): Promise<void>;
  /** Read-only view of the service's SQLite file. */
  sql<T>(query: string, ...params: (string | number)[]): T[];
  stop(): Promise<void>;
}

export async function startCjFixture(overrides: Record<string, string> = {}): Promise<CjFixture> {
  const redis = await startRedis();
  const client = redis.client();
  const dir = tempDir("cj-test-");
  const common = {
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: INTERNAL_KEY, HULEEDU_DATA_DIR: dir.path,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
  };
  const content = await startContentService(
    loadContentConfig({ ...common, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  const env: Record<string, string> = {
    ...common, CONTENT_SERVICE_URL: content.url, CJ_HTTP_PORT: "0", CJ_DB_PATH: join(dir.path, "cj.sqlite"),
    CJ_MONITOR_INTERVAL_MS: "3600000", CJ_STALL_TIMEOUT_MS: "3600000", ...overrides,
  };
  const logger = createMemoryLogger("cj-assessment");
  let db: Database | undefined;
  const fixture: CjFixture = {
    redis, client, dir: dir.path, contentUrl: content.url, env, logger,
    cj: await startCjAssessmentService(loadCjConfig(env), logger),
    async restartCj() {
      fixture.cj = await startCjAssessmentService(loadCjConfig(env), logger);
      return fixture.cj;
    },
    async storeText(text) {
      const res = await fetch(`${content.url}/v1/content`, {
        method: "POST", body: text, headers: { "X-Internal-API-Key": INTERNAL_KEY, "Content-Type": "text/plain; charset=utf-8" },
      });
      if (res.status !== 201) throw new Error(`content store failed: ${res.status}`);
      return ((await res.json()) as { storage_id: string }).storage_id;
    },
    async requestAssessment(data) {
      const envelope = makeEnvelope(CJAssessmentRequestedTopic, {
        data: {
          language: "en", course_code: "ENG5", essay_instructions: "Write an argumentative essay.", user_id: "teacher-1", ...data,
        },
        source: "essay-lifecycle", correlationId: crypto.randomUUID(),
      });
      await publishEnvelope(client, CJAssessmentRequestedTopic, envelope);
    },
    sql(query, ...params) {
      db ??= new Database(env.CJ_DB_PATH!, { readonly: true });
      return db.query(query).all(...params) as never;
    },
    async stop() {
      db?.close();
      await fixture.cj.stop().catch(() => undefined);
      await content.stop();
      await redis.stop();
      dir.remove();
    },
  };
  return fixture;
}

/** Every envelope on a topic's stream (optionally only one batch's). */
export async function eventsOn<T extends Topic>(client: Redis, topic: T, batchId?: string): Promise<EventEnvelope<TopicData<T>>[]> {
  const entries = parseEntries(await client.xrange(topic.name, "-", "+"));
  const envelopes = entries.map((e) => JSON.parse(e.fields.envelope ?? "null") as EventEnvelope<TopicData<T>>);
  return batchId === undefined ? envelopes : envelopes.filter((e) => (e.data as { batch_id?: string }).batch_id === batchId);
}

/** Poll until `check` returns a value (not undefined or false) or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

/** Test essays of known quality: quality k has more (and more varied) words than quality k−1. */
export function essayOfQuality(quality: number, seedWord = "essay"): string {
  const words = ["argument", "evidence", "because", "therefore", "however", "analysis", "example", "structure", "conclusion", "perspective"];
  const sentences: string[] = [];
  const count = 4 + Math.round(quality * 2);
  for (let s = 0; s < count; s++) {
    sentences.push(`The ${seedWord} ${words[s % words.length]} number ${s} develops ${words[(s * 3) % words.length]} with care.`);
  }
  return sentences.join(" ");
}
