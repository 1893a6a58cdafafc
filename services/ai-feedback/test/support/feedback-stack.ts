import { Database } from "bun:sqlite";
import { join } from "node:path";
import type * as v from "valibot";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { EssayAIFeedbackRequestedTopic } from "@shared/contracts/events/els.ts";
import { LlmFeedbackCompletedTopic, LlmFeedbackRequestedTopic } from "@shared/contracts/events/llm.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/phase-outcome.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadAiFeedbackConfig } from "../../src/config.ts";
import { SERVICE_NAME, startAiFeedbackService } from "../../src/service.ts";
import { startLpsStandIn, type LpsStandIn } from "./lps-standin.ts";

export const KEY = "ai-feedback-test-key";
const CONSUMED = [ELSBatchPhaseOutcomeTopic, EssayAIFeedbackRequestedTopic, LlmFeedbackCompletedTopic];

/** Poll until `check` returns a value other than undefined/false, or fail after `ms`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

export interface FeedbackStack {
  redis: Redis;
  lps: LpsStandIn;
  logger: ReturnType<typeof createMemoryLogger>;
  aiFeedback: RunningService & { url: string };
  sqlite: Database;
  store(text: string): Promise<string>;
  fetchContent(storageId: string): Promise<Response>;
  publish<S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>, options?: { timestamp?: string; correlationId?: string }): Promise<EventEnvelope>;
  /** Deliver the very same envelope (same event id) again. */
  republish(topic: Topic, envelope: EventEnvelope): Promise<void>;
  events<T = Record<string, unknown>>(topic: Topic, essayId?: string): Promise<EventEnvelope<T>[]>;
  /** Every consumed entry handled and acked (ai-feedback and the stand-in), every committed event published. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throwaway Redis, the real content service, ai-feedback and an LPS stand-in, in-process.
 * `contentServiceUrl` overrides where ai-feedback looks for content (outage tests).
 */
export async function startFeedbackStack(options: { env?: Record<string, string>; contentServiceUrl?: string } = {}): Promise<FeedbackStack> {
  const redisServer: TestRedis = await startRedis();
  const dir = tempDir("ai-feedback-test-");
  const common = {
    HULEEDU_INTERNAL_API_KEY: KEY, REDIS_URL: redisServer.url,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
  };
  const content = await startContentService(
    loadContentConfig({ ...common, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  const logger = createMemoryLogger(SERVICE_NAME);
  const dbPath = join(dir.path, "ai-feedback.sqlite");
  const aiFeedback = await startAiFeedbackService(loadAiFeedbackConfig({
    ...common, AI_FEEDBACK_HTTP_PORT: "0", AI_FEEDBACK_DB_PATH: dbPath, AI_FEEDBACK_CONTENT_TIMEOUT_MS: "1000",
    CONTENT_SERVICE_URL: options.contentServiceUrl ?? content.url, ...options.env,
  }), logger);
  const redis = redisServer.client();
  const lps = await startLpsStandIn(redisServer.client(), { blockMs: 100 });
  const sqlite = new Database(dbPath, { readonly: true });
  const headers = { "X-Internal-API-Key": KEY };

  async function groupIdle(stream: string, group: string): Promise<boolean> {
    const groups = (await redis.call("XINFO", "GROUPS", stream)) as unknown[][];
    return groups.every((g) => {
      const info = Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [String(g[2 * i]), g[2 * i + 1]]));
      return info.name !== group || (Number(info.pending) === 0 && Number(info.lag ?? 0) === 0);
    });
  }
  async function drained(): Promise<boolean> {
    for (const topic of CONSUMED) if (!(await groupIdle(topic.name, SERVICE_NAME))) return false;
    if (!(await groupIdle(LlmFeedbackRequestedTopic.name, "llm-provider-standin"))) return false;
    const row = sqlite.query("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL").get() as { n: number };
    return row.n === 0;
  }

  return {
    redis, lps, logger, aiFeedback, sqlite,
    async store(text) {
      const res = await fetch(`${content.url}/v1/content`, { method: "POST", body: text, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
      if (res.status !== 201) throw new Error(`content store answered ${res.status}`);
      return ((await res.json()) as { storage_id: string }).storage_id;
    },
    fetchContent: (storageId) => fetch(`${content.url}/v1/content/${storageId}`, { headers }),
    async publish(topic, data, publishOptions = {}) {
      const envelope = makeEnvelope(topic, { data, source: "test", correlationId: publishOptions.correlationId ?? crypto.randomUUID() });
      if (publishOptions.timestamp) envelope.event_timestamp = publishOptions.timestamp;
      await publishEnvelope(redis, topic, envelope);
      return envelope;
    },
    async republish(topic, envelope) {
      await publishEnvelope(redis, topic, envelope);
    },
    async events<T>(topic: Topic, essayId?: string) {
      const entries = await redis.xrange(topic.name, "-", "+");
      const all = entries.map(([, fields]) => JSON.parse(fields[1] ?? "{}") as EventEnvelope<T>);
      return essayId ? all.filter((e) => (e.data as { essay_id?: string }).essay_id === essayId) : all;
    },
    async settled() {
      await eventually(drained, 15_000, "ai-feedback and the LPS stand-in to drain their streams and the outbox");
    },
    async stop() {
      sqlite.close();
      await lps.stop();
      await aiFeedback.stop();
      await content.stop();
      await redisServer.stop();
      dir.remove();
    },
  };
}
