import { join } from "node:path";
import type * as v from "valibot";
import type { Redis } from "ioredis";
import { publishEnvelope } from "../bus/publisher.ts";
import { parseEntries } from "../bus/streams.ts";
import type { EventEnvelope } from "../contracts/envelope.ts";
import type { EssayProcessingRequest, EssayProcessingRequestSchema } from "../contracts/events/els.ts";
import { makeEnvelope, type Topic } from "../contracts/topics.ts";
import { createMemoryLogger, type Logger } from "../observability/logger.ts";
import type { RunningService } from "../runtime/run-service.ts";
import { startRedis } from "./redis.ts";
import { tempDir } from "./temp-dir.ts";

type RequestEnvelope = EventEnvelope<EssayProcessingRequest>;

export interface PhaseServiceStack<R> {
  redis: Redis;
  contentUrl: string;
  service: RunningService & { url: string };
  logger: ReturnType<typeof createMemoryLogger>;
  store(body: string | Uint8Array<ArrayBuffer>, mediaType?: string): Promise<string>;
  fetchContent(storageId: string): Promise<Response>;
  /** Publish one essay's request as ELS would. */
  request(data: EssayProcessingRequest, eventId?: string): Promise<RequestEnvelope>;
  /** Every result event published so far for `essayId`. */
  results(essayId: string): Promise<EventEnvelope<R>[]>;
  /** The first result event for `essayId`, waiting up to `timeoutMs`. */
  awaitResult(essayId: string, timeoutMs?: number): Promise<EventEnvelope<R>>;
  stop(): Promise<void>;
}

export interface PhaseServiceStackOptions<S extends v.GenericSchema> {
  /** Names the memory logger. */
  service: string;
  internalApiKey: string;
  requestTopic: Topic<typeof EssayProcessingRequestSchema>;
  resultTopic: Topic<S>;
  /**
   * Start the real content service (shared/ imports no service, so the caller passes it in);
   * `env` has the common settings, CONTENT_SERVICE_HTTP_PORT=0 and CONTENT_SERVICE_DB_PATH.
   * @example startContent: (env, logger) => startContentService(loadContentConfig(env), logger)
   */
  startContent(env: Record<string, string>, logger: Logger): Promise<RunningService & { url: string }>;
  /** Start the service under test; `env` has the common settings and CONTENT_SERVICE_URL. */
  start(env: Record<string, string>, logger: Logger): Promise<RunningService & { url: string }>;
  /** Where the service looks for content instead of the real one (outage tests). */
  contentServiceUrl?: string;
}

/**
 * A throwaway Redis, the real content service and one phase service (essay request in, essay
 * result out), in-process.
 * @example const stack = await startPhaseServiceStack({ service: "nlp", internalApiKey, requestTopic, resultTopic, startContent, start })
 */
export async function startPhaseServiceStack<S extends v.GenericSchema>(options: PhaseServiceStackOptions<S>): Promise<PhaseServiceStack<v.InferOutput<S>>> {
  type Result = v.InferOutput<S>;
  const { requestTopic, resultTopic } = options;
  const redisServer = await startRedis();
  const dir = tempDir();
  const common = {
    HULEEDU_INTERNAL_API_KEY: options.internalApiKey, REDIS_URL: redisServer.url,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
  };
  const content = await options.startContent(
    { ...common, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") },
    createMemoryLogger("content-service"),
  );
  const logger = createMemoryLogger(options.service);
  const service = await options.start({ ...common, CONTENT_SERVICE_URL: options.contentServiceUrl ?? content.url }, logger);
  const redis = redisServer.client();
  const headers = { "X-Internal-API-Key": options.internalApiKey };

  const results = async (essayId: string) => parseEntries(await redis.xrange(resultTopic.name, "-", "+"))
    .map((e) => JSON.parse(e.fields.envelope ?? "{}") as EventEnvelope<Result & { essay_id: string }>)
    .filter((e) => e.data.essay_id === essayId);

  return {
    redis, contentUrl: content.url, service, logger, results,
    async store(body, mediaType = "text/plain; charset=utf-8") {
      const res = await fetch(`${content.url}/v1/content`, { method: "POST", body, headers: { ...headers, "Content-Type": mediaType } });
      if (res.status !== 201) throw new Error(`content store answered ${res.status}`);
      return ((await res.json()) as { storage_id: string }).storage_id;
    },
    fetchContent: (storageId) => fetch(`${content.url}/v1/content/${storageId}`, { headers }),
    async request(data, eventId) {
      const envelope = makeEnvelope(requestTopic, {
        data, source: "essay-lifecycle", correlationId: `corr-${data.essay_id}`, metadata: { user_id: "teacher-1" },
        ...(eventId ? { eventId } : {}),
      });
      await publishEnvelope(redis, requestTopic, envelope);
      return envelope;
    },
    async awaitResult(essayId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [first] = await results(essayId);
        if (first) return first;
        if (Date.now() > deadline) throw new Error(`no ${resultTopic.name} for ${essayId} within ${timeoutMs} ms`);
        await Bun.sleep(25);
      }
    },
    async stop() {
      await service.stop();
      await content.stop();
      await redisServer.stop();
      dir.remove();
    },
  };
}
