// LPS wired to a real Redis (and, when asked, a real content service), all in this process.
import { join } from "node:path";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import {
  type LlmComparisonRequest,
  LlmComparisonCompletedTopic,
  LlmComparisonRequestedTopic,
  type LlmComparisonResult,
  type LlmFeedbackRequest,
  LlmFeedbackCompletedTopic,
  LlmFeedbackRequestedTopic,
  type LlmFeedbackResult,
} from "@shared/contracts/events/llm.ts";
import { makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadLpsConfig } from "../../src/config.ts";
import { type RunningLps, startLlmProviderService } from "../../src/service.ts";
import { GOOD, PHONE_INSTRUCTIONS, PHONE_PROMPT, STRONG } from "../fixtures/essays.ts";

export const INTERNAL_KEY = "lps-test-key";

export interface Harness {
  redisServer: TestRedis;
  redis: Redis;
  dir: string;
  commonEnv: Record<string, string>;
  /** Start an LPS with these extra env vars (its own SQLite file unless LPS_DB_PATH is given). */
  startLps(env?: Record<string, string>): Promise<RunningLps & { logs: Record<string, unknown>[] }>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startHarness(): Promise<Harness> {
  const redisServer = await startRedis();
  const dir = tempDir("lps-test-");
  const commonEnv = {
    REDIS_URL: redisServer.url,
    HULEEDU_INTERNAL_API_KEY: INTERNAL_KEY,
    HULEEDU_BUS_BLOCK_MS: "100",
    HULEEDU_BUS_RECLAIM_IDLE_MS: "500",
    HULEEDU_OUTBOX_POLL_MS: "100",
    HULEEDU_DATA_DIR: dir.path,
  };
  const running: RunningLps[] = [];
  return {
    redisServer,
    redis: redisServer.client(),
    dir: dir.path,
    commonEnv,
    async startLps(env = {}) {
      const logger = createMemoryLogger("llm-provider");
      const config = loadLpsConfig({
        ...commonEnv,
        LPS_HTTP_PORT: "0",
        LPS_DB_PATH: join(dir.path, `lps-${++counter}.sqlite`),
        LPS_POLL_MS: "50",
        CONTENT_SERVICE_URL: "http://127.0.0.1:9",
        ...env,
      });
      const lps = await startLlmProviderService(config, logger);
      running.push(lps);
      return Object.assign(lps, { logs: logger.lines });
    },
    async stop() {
      for (const lps of running) await lps.stop().catch(() => undefined);
      await redisServer.stop();
      dir.remove();
    },
  };
}

/** A comparison request with a fresh id, answered on the comparison result topic. */
export function comparisonRequest(overrides: Partial<LlmComparisonRequest> = {}): LlmComparisonRequest {
  return {
    request_id: `cmp-${crypto.randomUUID()}`,
    language: "en",
    instructions: PHONE_INSTRUCTIONS,
    prompt_text: PHONE_PROMPT,
    provider_override: null,
    model_override: null,
    priority: 5,
    expires_at: null,
    callback_topic: LlmComparisonCompletedTopic.name,
    metadata: { batch_id: "batch-1", pair_id: "pair-1", correlation_id: "corr-1", requester: "cj-assessment" },
    essay_a: { id: "essay-good", text: GOOD },
    essay_b: { id: "essay-strong", text: STRONG },
    ...overrides,
  };
}

export function feedbackRequest(overrides: Partial<LlmFeedbackRequest> = {}): LlmFeedbackRequest {
  return {
    request_id: `fb-${crypto.randomUUID()}`,
    language: "en",
    instructions: PHONE_INSTRUCTIONS,
    prompt_text: PHONE_PROMPT,
    provider_override: null,
    model_override: null,
    priority: 5,
    expires_at: null,
    callback_topic: LlmFeedbackCompletedTopic.name,
    metadata: { essay_id: "essay-good", batch_id: "batch-1", requester: "ai-feedback" },
    essay: { id: "essay-good", text: GOOD },
    corrections_summary: [{ original: "teh", replacement: "the" }],
    metrics: { word_count: 180, sentence_count: 12 },
    batch_norms: {},
    ...overrides,
  };
}

/** Publish a request event; returns its envelope (publish it again to simulate a redelivery). */
export async function publishComparison(redis: Redis, request: LlmComparisonRequest, eventId?: string): Promise<EventEnvelope> {
  const envelope = makeEnvelope(LlmComparisonRequestedTopic, { data: request, source: "test", correlationId: "corr-1", ...(eventId ? { eventId } : {}) });
  await publishEnvelope(redis, LlmComparisonRequestedTopic, envelope);
  return envelope;
}

export async function publishFeedback(redis: Redis, request: LlmFeedbackRequest): Promise<void> {
  await publishEnvelope(redis, LlmFeedbackRequestedTopic, makeEnvelope(LlmFeedbackRequestedTopic, { data: request, source: "test", correlationId: "corr-fb" }));
}

async function readAll<T>(redis: Redis, topic: Topic): Promise<EventEnvelope<T>[]> {
  const entries = await redis.xrange(topic.name, "-", "+");
  return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf("envelope") + 1] ?? "{}") as EventEnvelope<T>);
}

export const comparisonResults = (redis: Redis) => readAll<LlmComparisonResult>(redis, LlmComparisonCompletedTopic);
export const feedbackResults = (redis: Redis) => readAll<LlmFeedbackResult>(redis, LlmFeedbackCompletedTopic);

/** Wait until `count` comparison results for these request ids are on the topic. */
export async function waitForResults(redis: Redis, requestIds: string[], timeoutMs = 10_000): Promise<Map<string, LlmComparisonResult>> {
  const wanted = new Set(requestIds);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = new Map<string, LlmComparisonResult>();
    for (const env of await comparisonResults(redis)) if (wanted.has(env.data.request_id)) found.set(env.data.request_id, env.data);
    if (found.size === wanted.size) return found;
    if (Date.now() > deadline) throw new Error(`only ${found.size} of ${wanted.size} results arrived within ${timeoutMs} ms`);
    await Bun.sleep(25);
  }
}

/** Poll until `check` returns a value. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

export function internalHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { "X-Internal-API-Key": INTERNAL_KEY, "Content-Type": "application/json", ...extra };
}

/** The value of one Prometheus series from /metrics (0 when absent), matched on the given labels. */
export async function metricValue(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:]+)(\{([^}]*)\})? ([0-9.eE+-]+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[4]);
  }
  return total;
}
