import { join } from "node:path";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { EssaySpellcheckRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { makeEnvelope, type TopicData } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import { loadSpellcheckerConfig } from "../../src/config.ts";
import { startSpellcheckerService } from "../../src/service.ts";

export const KEY = "spellchecker-test-key";
export type SpellcheckResult = TopicData<typeof EssaySpellcheckCompletedTopic>;
type RequestEnvelope = EventEnvelope<EssayProcessingRequest>;

export interface SpellcheckerStack {
  redis: Redis;
  contentUrl: string;
  spellchecker: RunningService & { url: string };
  logger: ReturnType<typeof createMemoryLogger>;
  store(body: string | Uint8Array<ArrayBuffer>, mediaType?: string): Promise<string>;
  fetchContent(storageId: string): Promise<Response>;
  request(data: EssayProcessingRequest, eventId?: string): Promise<RequestEnvelope>;
  /** Every completion event published so far for `essayId`. */
  results(essayId: string): Promise<EventEnvelope<SpellcheckResult>[]>;
  /** The first completion event for `essayId`, waiting up to `timeoutMs`. */
  awaitResult(essayId: string, timeoutMs?: number): Promise<EventEnvelope<SpellcheckResult>>;
  stop(): Promise<void>;
}

/**
 * A throwaway Redis, the real content service and the spellchecker, in-process.
 * `contentServiceUrl` overrides where the spellchecker looks for content (outage tests).
 */
export async function startSpellcheckerStack(options: { env?: Record<string, string>; contentServiceUrl?: string } = {}): Promise<SpellcheckerStack> {
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
  const logger = createMemoryLogger("spellchecker");
  const spellchecker = await startSpellcheckerService(loadSpellcheckerConfig({
    ...common, SPELLCHECKER_HTTP_PORT: "0", SPELLCHECKER_CONTENT_TIMEOUT_MS: "1000",
    CONTENT_SERVICE_URL: options.contentServiceUrl ?? content.url, ...options.env,
  }), logger);
  const redis = redisServer.client();
  const headers = { "X-Internal-API-Key": KEY };

  const results = async (essayId: string) => parseEntries(await redis.xrange(EssaySpellcheckCompletedTopic.name, "-", "+"))
    .map((e) => JSON.parse(e.fields.envelope ?? "{}") as EventEnvelope<SpellcheckResult>)
    .filter((e) => e.data.essay_id === essayId);

  return {
    redis, contentUrl: content.url, spellchecker, logger, results,
    async store(body, mediaType = "text/plain; charset=utf-8") {
      const res = await fetch(`${content.url}/v1/content`, { method: "POST", body, headers: { ...headers, "Content-Type": mediaType } });
      if (res.status !== 201) throw new Error(`content store answered ${res.status}`);
      return ((await res.json()) as { storage_id: string }).storage_id;
    },
    fetchContent: (storageId) => fetch(`${content.url}/v1/content/${storageId}`, { headers }),
    async request(data, eventId) {
      const envelope = makeEnvelope(EssaySpellcheckRequestedTopic, {
        data, source: "essay-lifecycle", correlationId: `corr-${data.essay_id}`, metadata: { user_id: "teacher-1" },
        ...(eventId ? { eventId } : {}),
      });
      await publishEnvelope(redis, EssaySpellcheckRequestedTopic, envelope);
      return envelope;
    },
    async awaitResult(essayId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [first] = await results(essayId);
        if (first) return first;
        if (Date.now() > deadline) throw new Error(`no spellcheck result for ${essayId} within ${timeoutMs} ms`);
        await Bun.sleep(25);
      }
    },
    async stop() {
      await spellchecker.stop();
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
