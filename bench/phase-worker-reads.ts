// The per-essay phase worker (shared/runtime/essay-phase-worker.ts) in one process: the real
// spellcheck and nlp handlers against a real Redis and the real content service (SQLite), 200
// ~420-word essays, handled one entry at a time (`handle`, as before reads were batched) and as the
// consumer now hands them over, reads of up to 64 (`handleBatch`: texts fetched ahead, stores and
// publishes overlapping the next compute, two computes in flight). Both variants run in turn in
// the same run, three rounds, beside the bare compute (correctText; computeTextMetrics + Harper) on
// the same texts, so the ratios hold on a busy machine.
// Run: bun bench/phase-worker-reads.ts [essays=200] [--harper-thread=worker]
import type { BatchItem, EventHandler, HandlerContext } from "../shared/bus/consumer.ts";
import { createProcessedMarks } from "../shared/bus/processed-marks.ts";
import { loadCommonConfig } from "../shared/config/load-config.ts";
import type { EventEnvelope } from "../shared/contracts/envelope.ts";
import { EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic, type EssayProcessingRequest } from "../shared/contracts/events/els.ts";
import { makeEnvelope, type Topic } from "../shared/contracts/topics.ts";
import { createContentClient } from "../shared/http/content-client.ts";
import { createMemoryLogger } from "../shared/observability/logger.ts";
import { createMetrics } from "../shared/observability/metrics.ts";
import { startEventRuntime } from "../shared/runtime/event-runtime.ts";
import { startRedis } from "../shared/testing/redis.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { join } from "node:path";
import { loadContentConfig } from "../services/content-service/src/config.ts";
import { startContentService } from "../services/content-service/src/service.ts";
import { createHarperChecker } from "../services/nlp/src/grammar/harper-checker.ts";
import { nlpRequestedHandler } from "../services/nlp/src/handlers/nlp-requested.ts";
import { createRosterClient } from "../services/spellchecker/src/clients/roster-client.ts";
import { spellcheckRequestedHandler } from "../services/spellchecker/src/handlers/spellcheck-requested.ts";
import { benchmarkEssays, timeHandlerWork } from "./spellcheck-nlp-functions.ts";

const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200);
const harperThread = process.argv.includes("--harper-thread=worker") ? "worker" : "main";
const KEY = "bench-phase-worker-key";
const READ = 64;
const dir = tempDir("bench-phase-worker-");
const redisServer = await startRedis();
const silent = createMemoryLogger("bench");
const contentService = await startContentService(
  loadContentConfig({ HULEEDU_INTERNAL_API_KEY: KEY, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }), createMemoryLogger("content-service"),
);
const content = createContentClient({ baseUrl: contentService.url, internalApiKey: KEY, timeoutMs: 5000 });
const common = loadCommonConfig({ REDIS_URL: redisServer.url, HULEEDU_INTERNAL_API_KEY: KEY });
const runtime = await startEventRuntime({ service: "bench-phase", common, logger: silent, metrics: createMetrics("bench-phase") });
const marks = createProcessedMarks(runtime.redis, "bench-phase", 3600);
const metrics = createMetrics("bench-phase-handlers");
const roster = createRosterClient({ baseUrl: "http://127.0.0.1:9", internalApiKey: KEY, timeoutMs: 100, cacheSize: 10, cacheTtlMs: 1000, logger: silent });
const harper = createHarperChecker({ thread: harperThread, idleMs: 0 });
const handlers: Record<string, EventHandler> = {
  spellcheck: spellcheckRequestedHandler({ service: "bench-phase", content, roster, marks, publish: runtime.publish, metrics }),
  nlp: nlpRequestedHandler({ service: "bench-phase", content, marks, publish: runtime.publish, metrics, checkers: { harper } }),
};
const topics: Record<string, Topic<typeof EssaySpellcheckRequestedTopic.schema>> = { spellcheck: EssaySpellcheckRequestedTopic, nlp: EssayNlpRequestedTopic };

try {
  const essays = await benchmarkEssays("en", count);
  const ids = await Promise.all(essays.map((t) => content.storeText(t, "bench-store")));
  await timeHandlerWork("en", essays.slice(0, 20)); // load dictionaries, models and Harper, warm the JIT
  await harper.check(essays[0]!, "en");
  const ctx = (topic: string): HandlerContext => ({ logger: silent, deliveryCount: 1, lastDelivery: false, entryId: "0-1", topic });
  const envelopes = (phase: string): EventEnvelope<EssayProcessingRequest>[] => ids.map((id, k) => makeEnvelope(topics[phase]!, {
    data: { batch_id: "bench-batch", essay_id: `essay-${k}`, text_storage_id: id, language: "en" }, source: "essay-lifecycle", correlationId: crypto.randomUUID(),
  }));
  async function run(phase: string, mode: "one" | "reads"): Promise<number> {
    const handler = handlers[phase]!;
    const all = envelopes(phase);
    const started = performance.now();
    if (mode === "one") {
      for (const e of all) await handler.handle(e, ctx(topics[phase]!.name));
    } else {
      for (let i = 0; i < all.length; i += READ) {
        const items: BatchItem<EssayProcessingRequest>[] = all.slice(i, i + READ).map((envelope) => ({ envelope, ctx: ctx(topics[phase]!.name), inTrace: (work) => work() }));
        await handler.handleBatch!(items);
      }
    }
    return performance.now() - started;
  }
  const ROUNDS = 3;
  const bareMs: Record<string, number[]> = { spellcheck: [], nlp: [] };
  console.log(`phase worker, in process: ${count} essays of ~420 words (en), real content service + Redis; Harper on the ${harperThread} thread`);
  console.log("  phase        bare compute   one entry at a time (x bare)      reads of 64 (x bare)       reads / one");
  for (const phase of ["spellcheck", "nlp"]) {
    const one: number[] = [];
    const reads: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bare = await timeHandlerWork("en", essays);
      bareMs[phase]!.push(phase === "spellcheck" ? bare.spellcheckMs : bare.grammarMs + bare.nlpMs);
      one.push(await run(phase, "one"));
      reads.push(await run(phase, "reads"));
    }
    const best = (xs: number[]) => Math.min(...xs);
    const b = best(bareMs[phase]!);
    console.log(`  ${phase.padEnd(11)} ${b.toFixed(0).padStart(8)} ms   ${best(one).toFixed(0).padStart(8)} ms (${(best(one) / b).toFixed(2)}x)   ${best(reads).toFixed(0).padStart(12)} ms (${(best(reads) / b).toFixed(2)}x)   ${(best(reads) / best(one)).toFixed(2)}`);
  }
  console.log(`  (best of ${ROUNDS} rounds each, the three measured in turn in every round; bare = the handlers' compute without I/O on the same texts)`);
} finally {
  await runtime.stop();
  await contentService.stop();
  await redisServer.stop();
  dir.remove();
}
