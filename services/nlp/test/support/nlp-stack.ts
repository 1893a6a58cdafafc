import { join } from "node:path";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { EssayNlpRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { EssayNlpCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { makeEnvelope, type TopicData } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadNlpConfig } from "../../src/config.ts";
import { startNlpService } from "../../src/service.ts";

export const KEY = "nlp-test-key";
export type NlpResult = TopicData<typeof EssayNlpCompletedTopic>;
type RequestEnvelope = EventEnvelope<EssayProcessingRequest>;

export interface NlpStack {
  redis: Redis;
  contentUrl: string;
  nlp: RunningService & { url: string };
  logger: ReturnType<typeof createMemoryLogger>;
  store(body: string | Uint8Array<ArrayBuffer>, mediaType?: string): Promise<string>;
  fetchContent(storageId: string): Promise<Response>;
  request(data: EssayProcessingRequest, eventId?: string): Promise<RequestEnvelope>;
  /** Every completion event published so far for `essayId`. */
  results(essayId: string): Promise<EventEnvelope<NlpResult>[]>;
  /** The first completion event for `essayId`, waiting up to `timeoutMs`. */
  awaitResult(essayId: string, timeoutMs?: number): Promise<EventEnvelope<NlpResult>>;
  stop(): Promise<void>;
}

/**
 * A throwaway Redis, the real content service and the NLP service, in-process.
 * `contentServiceUrl` overrides where the NLP service looks for content (outage tests).
 */
export async function startNlpStack(options: { env?: Record<string, string>; contentServiceUrl?: string } = {}): Promise<NlpStack> {
  const redisServer: TestRedis = await startRedis();
  const dir = tempDir();
  const common = {
    HULEEDU_INTERNAL_API_KEY: KEY, REDIS_URL: redisServer.url,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
  };
  const content = await startContentService(
    loadContentConfig({ ...common, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  const logger = createMemoryLogger("nlp");
  const nlp = await startNlpService(loadNlpConfig({
    ...common, NLP_HTTP_PORT: "0", NLP_CONTENT_TIMEOUT_MS: "1000",
    CONTENT_SERVICE_URL: options.contentServiceUrl ?? content.url, ...options.env,
  }), logger);
  const redis = redisServer.client();
  const headers = { "X-Internal-API-Key": KEY };

  const results = async (essayId: string) => parseEntries(await redis.xrange(EssayNlpCompletedTopic.name, "-", "+"))
    .map((e) => JSON.parse(e.fields.envelope ?? "{}") as EventEnvelope<NlpResult>)
    .filter((e) => e.data.essay_id === essayId);

  return {
    redis, contentUrl: content.url, nlp, logger, results,
    async store(body, mediaType = "text/plain; charset=utf-8") {
      const res = await fetch(`${content.url}/v1/content`, { method: "POST", body, headers: { ...headers, "Content-Type": mediaType } });
      if (res.status !== 201) throw new Error(`content store answered ${res.status}`);
      return ((await res.json()) as { storage_id: string }).storage_id;
    },
    fetchContent: (storageId) => fetch(`${content.url}/v1/content/${storageId}`, { headers }),
    async request(data, eventId) {
      const envelope = makeEnvelope(EssayNlpRequestedTopic, {
        data, source: "essay-lifecycle", correlationId: `corr-${data.essay_id}`, metadata: { user_id: "teacher-1" },
        ...(eventId ? { eventId } : {}),
      });
      await publishEnvelope(redis, EssayNlpRequestedTopic, envelope);
      return envelope;
    },
    async awaitResult(essayId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [first] = await results(essayId);
        if (first) return first;
        if (Date.now() > deadline) throw new Error(`no nlp result for ${essayId} within ${timeoutMs} ms`);
        await Bun.sleep(25);
      }
    },
    async stop() {
      await nlp.stop();
      await content.stop();
      await redisServer.stop();
      dir.remove();
    },
  };
}

/** Wait until `check` holds, polling; throws with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}
