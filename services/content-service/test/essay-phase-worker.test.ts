import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import * as v from "valibot";
import type { Redis } from "ioredis";
import type { BatchItem, HandlerContext } from "@shared/bus/consumer.ts";
import { createProcessedMarks, type ProcessedMarks } from "@shared/bus/processed-marks.ts";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { resultEventIdFor } from "@shared/bus/result-event-id.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import { loadCommonConfig } from "@shared/config/load-config.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { EssayProcessingRequestSchema, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { defineTopic, makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { createContentClient, type ContentClient } from "@shared/http/content-client.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { essayPhaseWorker, type EssayPhase } from "@shared/runtime/essay-phase-worker.ts";
import { startEventRuntime, type EventRuntime } from "@shared/runtime/event-runtime.ts";
import { eventually } from "@shared/testing/eventually.ts";
import { freePort } from "@shared/testing/ports.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../src/config.ts";
import { startContentService } from "../src/service.ts";

// The kit's per-essay sequence with a toy phase (word count, stored as JSON) against a real Redis,
// the real content service (SQLite) and, for redelivery, the real consumer.
const KEY = "essay-phase-worker-test-key";
const SERVICE = "phase-kit-test";
const DirectRequests = defineTopic("huleedu.test.phase-kit.direct.requested.v1", EssayProcessingRequestSchema);
const BusRequests = defineTopic("huleedu.test.phase-kit.bus.requested.v1", EssayProcessingRequestSchema);
const Results = defineTopic("huleedu.test.phase-kit.completed.v1", v.object({
  essay_id: v.string(),
  status: v.picklist(["success", "failed"]),
  error: v.nullable(v.object({ code: v.string(), message: v.string() })),
  word_count: v.number(),
  counts_storage_id: v.nullable(v.string()),
}));
type Result = v.InferOutput<typeof Results.schema>;

const dir = tempDir("phase-kit-");
const logger = createMemoryLogger(SERVICE);
let redisServer: TestRedis;
let redis: Redis;
let contentService: Awaited<ReturnType<typeof startContentService>>;
let content: ContentClient;
let runtime: EventRuntime;
let marks: ProcessedMarks;
/** Calls per essay id: prepare, compute, completed. */
const calls: Record<string, { prepare: number; compute: number; completed: number }> = {};
const count = (essayId: string) => (calls[essayId] ??= { prepare: 0, compute: 0, completed: 0 });

function toyPhase(requestTopic: Topic<typeof EssayProcessingRequestSchema>): EssayPhase<typeof Results.schema, { prefix: string }, number> {
  return {
    name: "toy",
    requestTopic,
    resultTopic: Results,
    async prepare({ request }) {
      count(request.essay_id).prepare++;
      if (request.batch_id === "prepare-breaks") throw new Error("model could not be loaded");
      return { prefix: "counted" };
    },
    compute(text, _prepared, { request }) {
      count(request.essay_id).compute++;
      if (text.includes("BOOM")) throw new Error("the toy compute exploded");
      return text.split(/\s+/).filter(Boolean).length;
    },
    computeFailure: { log: "toy compute failed", message: "Words could not be counted" },
    async succeeded(words, { request, content: store, correlationId }) {
      const id = await store.storeJson({ words }, correlationId);
      return { essay_id: request.essay_id, status: "success", error: null, word_count: words, counts_storage_id: id };
    },
    failed: (request, error) => ({ essay_id: request.essay_id, status: "failed", error, word_count: 0, counts_storage_id: null }),
    completed(_result, { request }) {
      count(request.essay_id).completed++;
    },
  };
}

beforeAll(async () => {
  redisServer = await startRedis();
  redis = redisServer.client();
  contentService = await startContentService(
    loadContentConfig({ HULEEDU_INTERNAL_API_KEY: KEY, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  content = createContentClient({ baseUrl: contentService.url, internalApiKey: KEY, timeoutMs: 2000 });
  const common = loadCommonConfig({ REDIS_URL: redisServer.url, HULEEDU_INTERNAL_API_KEY: KEY, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500" });
  runtime = await startEventRuntime({ service: SERVICE, common, logger, metrics: createMetrics(SERVICE) });
  marks = createProcessedMarks(runtime.redis, SERVICE, 3600);
});
afterAll(async () => {
  await runtime?.stop();
  await contentService?.stop();
  await redisServer?.stop();
  dir.remove();
});

const request = (essayId: string, textStorageId: string, batchId = "b-1"): EssayProcessingRequest =>
  ({ batch_id: batchId, essay_id: essayId, text_storage_id: textStorageId, language: "en" });
const envelopeOf = (data: EssayProcessingRequest) =>
  makeEnvelope(DirectRequests, { data, source: "essay-lifecycle", correlationId: `corr-${data.essay_id}`, metadata: { user_id: "teacher-1" } });
const ctx = (): HandlerContext => ({ logger, deliveryCount: 1, lastDelivery: false, entryId: "0-1", topic: DirectRequests.name });
const results = async (essayId: string) => parseEntries(await redis.xrange(Results.name, "-", "+"))
  .map((e) => JSON.parse(e.fields.envelope ?? "{}") as EventEnvelope<Result>)
  .filter((e) => e.data.essay_id === essayId);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("essay phase worker", () => {
  test("a success: computed, stored as content, published under the derived event id with the request's metadata, marked", async () => {
    const handler = essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, toyPhase(DirectRequests));
    const envelope = envelopeOf(request("ok-1", await content.storeText("three small words", "corr-store")));
    await handler.handle(envelope, ctx());

    const [published, ...more] = await results("ok-1");
    expect(more).toEqual([]);
    expect(published).toMatchObject({
      event_id: resultEventIdFor(SERVICE, envelope.event_id), source_service: SERVICE, correlation_id: "corr-ok-1",
      metadata: { user_id: "teacher-1" }, data: { status: "success", error: null, word_count: 3 },
    });
    expect(JSON.parse(await content.fetchText(published?.data.counts_storage_id ?? "", "corr-read"))).toEqual({ words: 3 });
    expect(await marks.isProcessed(envelope.event_id)).toBe(true);
    expect(calls["ok-1"]).toEqual({ prepare: 1, compute: 1, completed: 1 });
  });

  test("a redelivered request (same event id, through the real consumer) is computed and published once", async () => {
    await runtime.consume([essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, toyPhase(BusRequests))]);
    const textId = await content.storeText("one two three four", "corr-store");
    const envelope = makeEnvelope(BusRequests, { data: request("dup-1", textId), source: "essay-lifecycle", correlationId: "corr-dup" });
    await publishEnvelope(redis, BusRequests, envelope);
    await eventually("the first result", async () => (await results("dup-1")).length === 1);
    await publishEnvelope(redis, BusRequests, envelope);
    await eventually("the redelivery to be skipped", () =>
      logger.lines.some((l) => l.msg === "toy request already processed; skipped" && l.event_id === envelope.event_id));
    expect((await results("dup-1")).map((r) => r.data.word_count)).toEqual([4]);
    expect(calls["dup-1"]).toEqual({ prepare: 1, compute: 1, completed: 1 });
  });

  test("missing content is a failed result (not a retry) and the compute never runs", async () => {
    const handler = essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, toyPhase(DirectRequests));
    const envelope = envelopeOf(request("missing-1", crypto.randomUUID()));
    await handler.handle(envelope, ctx());
    const [published] = await results("missing-1");
    expect(published?.data).toMatchObject({ status: "failed", word_count: 0, counts_storage_id: null, error: { code: "RESOURCE_NOT_FOUND" } });
    expect(calls["missing-1"]?.compute).toBe(0);
    expect(await marks.isProcessed(envelope.event_id)).toBe(true);
  });

  test("a compute that throws is a failed result with PROCESSING_ERROR, logged, and nothing stored", async () => {
    const handler = essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, toyPhase(DirectRequests));
    const envelope = envelopeOf(request("boom-1", await content.storeText("this text goes BOOM", "corr-store")));
    await handler.handle(envelope, ctx());
    const [published, ...more] = await results("boom-1");
    expect(more).toEqual([]);
    expect(published?.data).toEqual({
      essay_id: "boom-1", status: "failed", error: { code: "PROCESSING_ERROR", message: "Words could not be counted" }, word_count: 0, counts_storage_id: null,
    });
    expect(logger.lines.some((l) => l.level === "error" && l.msg === "toy compute failed")).toBe(true);
    expect(await marks.isProcessed(envelope.event_id)).toBe(true);
  });

  test("a content outage or a failing prepare is thrown for the bus to retry: nothing published, nothing marked", async () => {
    const down = createContentClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, internalApiKey: KEY, timeoutMs: 500 });
    const outage = essayPhaseWorker({ service: SERVICE, content: down, marks, publish: runtime.publish }, toyPhase(DirectRequests));
    const first = envelopeOf(request("outage-1", crypto.randomUUID()));
    expect(await rejection(outage.handle(first, ctx()))).toBeInstanceOf(Error);

    const handler = essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, toyPhase(DirectRequests));
    const second = envelopeOf(request("prepare-1", await content.storeText("fine text", "corr-store"), "prepare-breaks"));
    expect(String(await rejection(handler.handle(second, ctx())))).toContain("model could not be loaded");

    expect([...(await results("outage-1")), ...(await results("prepare-1"))]).toEqual([]);
    expect(await marks.isProcessed(first.event_id)).toBe(false);
    expect(await marks.isProcessed(second.event_id)).toBe(false);
    expect(calls["prepare-1"]?.compute).toBe(0);
  });

  test("a crash between publish and mark: the retry computes and publishes again under the same event id", async () => {
    let failNextMark = true;
    const flaky: ProcessedMarks = {
      isProcessed: (id) => marks.isProcessed(id),
      async mark(id) {
        if (failNextMark) {
          failNextMark = false;
          throw new Error("redis went away");
        }
        await marks.mark(id);
      },
    };
    const handler = essayPhaseWorker({ service: SERVICE, content, marks: flaky, publish: runtime.publish }, toyPhase(DirectRequests));
    const envelope = envelopeOf(request("crash-1", await content.storeText("a b", "corr-store")));
    expect(String(await rejection(handler.handle(envelope, ctx())))).toContain("redis went away");
    await handler.handle(envelope, ctx());
    await handler.handle(envelope, ctx());

    const published = await results("crash-1");
    expect(published.map((r) => r.event_id)).toEqual([resultEventIdFor(SERVICE, envelope.event_id), resultEventIdFor(SERVICE, envelope.event_id)]);
    expect(calls["crash-1"]).toEqual({ prepare: 2, compute: 2, completed: 1 });
  });

  describe("several requests of one read (handleBatch)", () => {
    const item = (envelope: EventEnvelope<EssayProcessingRequest>): BatchItem<EssayProcessingRequest> => ({ envelope, ctx: ctx(), inTrace: (work) => work() });
    /** The content client with every text fetch written down; `fail` makes one storage id's first fetch an outage. */
    function watchedContent(trace: string[], fail?: string): ContentClient {
      let failed = false;
      return {
        ...content,
        async fetchText(storageId, correlationId) {
          trace.push(`fetch ${storageId}`);
          if (storageId === fail && !failed) {
            failed = true;
            throw new Error("content service timed out");
          }
          return content.fetchText(storageId, correlationId);
        },
      };
    }

    test("every essay answered once; an answered one skipped; a missing text failed; later texts fetched while one computes", async () => {
      const trace: string[] = [];
      const phase = toyPhase(DirectRequests);
      const compute = phase.compute;
      phase.compute = (text, prepared, job) => {
        trace.push(`compute ${job.request.text_storage_id}`);
        return compute(text, prepared, job);
      };
      const handler = essayPhaseWorker({ service: SERVICE, content: watchedContent(trace), marks, publish: runtime.publish }, phase);
      const ids = await Promise.all(["one", "one two", "one two three"].map((t) => content.storeText(t, "corr-store")));
      const answered = envelopeOf(request("many-0", ids[0]!));
      await marks.mark(answered.event_id);
      const envelopes = [answered, ...ids.map((id, k) => envelopeOf(request(`many-${k + 1}`, id))), envelopeOf(request("many-4", crypto.randomUUID()))];
      await handler.handleBatch!(envelopes.map(item));

      expect(await results("many-0")).toEqual([]);
      for (const [k, words] of [[1, 1], [2, 2], [3, 3]] as const) {
        const published = await results(`many-${k}`);
        expect(published.map((r) => [r.event_id, r.data.status, r.data.word_count])).toEqual([[resultEventIdFor(SERVICE, envelopes[k]!.event_id), "success", words]]);
      }
      expect((await results("many-4")).map((r) => r.data.error?.code)).toEqual(["RESOURCE_NOT_FOUND"]);
      for (const e of envelopes) expect(await marks.isProcessed(e.event_id)).toBe(true);
      // Each text computed once, and the next texts were already asked for before the first compute.
      expect(trace.filter((t) => t.startsWith("compute")).sort()).toEqual(ids.map((id) => `compute ${id}`).sort());
      const firstCompute = trace.findIndex((t) => t.startsWith("compute"));
      for (const id of ids) expect(trace.indexOf(`fetch ${id}`)).toBeLessThan(firstCompute);
    });

    test("a compute that waits lets the next one start: two at a time, never more", async () => {
      let inFlight = 0;
      let most = 0;
      const phase = toyPhase(DirectRequests);
      const compute = phase.compute;
      phase.compute = async (text, prepared, job) => {
        most = Math.max(most, ++inFlight);
        await Bun.sleep(20); // e.g. a grammar check on a worker thread
        inFlight--;
        return compute(text, prepared, job);
      };
      const handler = essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, phase);
      const textId = await content.storeText("x y", "corr-store");
      const envelopes = Array.from({ length: 6 }, (_, k) => envelopeOf(request(`waits-${k}`, textId)));
      await handler.handleBatch!(envelopes.map(item));
      expect(most).toBe(2);
      for (let k = 0; k < 6; k++) expect((await results(`waits-${k}`)).length).toBe(1);
    });

    test("an outage in the middle fails the read after the started essays settle; handled one by one, each essay is published once", async () => {
      const ids = await Promise.all(["a", "a b", "a b c"].map((t) => content.storeText(t, "corr-store")));
      const handler = essayPhaseWorker({ service: SERVICE, content: watchedContent([], ids[1]), marks, publish: runtime.publish }, toyPhase(DirectRequests));
      const envelopes = ids.map((id, k) => envelopeOf(request(`outage-many-${k}`, id)));
      expect(String(await rejection(handler.handleBatch!(envelopes.map(item))))).toContain("content service timed out");
      expect(await marks.isProcessed(envelopes[0]!.event_id)).toBe(true);
      expect(await marks.isProcessed(envelopes[1]!.event_id)).toBe(false);
      // What the consumer does after a failed read: each entry alone.
      for (const e of envelopes) await handler.handle(e, ctx());
      for (const [k, e] of envelopes.entries()) {
        expect((await results(`outage-many-${k}`)).map((r) => [r.event_id, r.data.word_count])).toEqual([[resultEventIdFor(SERVICE, e.event_id), k + 1]]);
      }
      expect(calls["outage-many-0"]).toEqual({ prepare: 1, compute: 1, completed: 1 });
    });

    test("through the real consumer, 30 requests published at once are each answered once", async () => {
      const Burst = defineTopic("huleedu.test.phase-kit.burst.requested.v1", EssayProcessingRequestSchema);
      await runtime.consume([essayPhaseWorker({ service: SERVICE, content, marks, publish: runtime.publish }, toyPhase(Burst))]);
      const textId = await content.storeText("w ".repeat(7), "corr-store");
      const envelopes = Array.from({ length: 30 }, (_, k) => makeEnvelope(Burst, { data: request(`burst-${k}`, textId), source: "essay-lifecycle", correlationId: `corr-burst-${k}` }));
      const pipeline = redis.pipeline();
      for (const e of envelopes) pipeline.xadd(Burst.name, "*", "envelope", JSON.stringify(e));
      await pipeline.exec();
      await eventually("30 results", async () => (await Promise.all(envelopes.map((_, k) => results(`burst-${k}`)))).every((r) => r.length === 1), 10_000);
      for (let k = 0; k < 30; k++) expect(calls[`burst-${k}`]).toEqual({ prepare: 1, compute: 1, completed: 1 });
    });
  });
});
