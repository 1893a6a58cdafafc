// Spellcheck + NLP over a batch of ~400-word essays through the SERVICE LAYER: the spellchecker
// and NLP services (streams, content-service HTTP, Redis idempotency marks, JSON envelopes) run
// in-process against a throwaway Redis and content service, and the wall time until every NLP
// result is back is divided by the time the bare `correctText` + `computeTextMetrics` take on the
// same texts. NLP requests go out as each corrected text arrives (no phase barrier); the
// full-stack version through ELS/BOS, with its per-phase fan-out and barrier, comes later.
// Everything shares one JS thread here (services, content service, driver); only Redis is apart.
// Run: bun bench/pipeline-spellcheck-nlp.ts [essays=200] [languages=en,sv]
import { join } from "node:path";
import type { Redis } from "ioredis";
import { publishEnvelope } from "../shared/bus/publisher.ts";
import { parseReadReply } from "../shared/bus/streams.ts";
import type { EventEnvelope } from "../shared/contracts/envelope.ts";
import { EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic } from "../shared/contracts/events/els.ts";
import { EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "../shared/contracts/events/phase-results.ts";
import { makeEnvelope, type TopicData } from "../shared/contracts/topics.ts";
import { createLogger } from "../shared/observability/logger.ts";
import { startRedis } from "../shared/testing/redis.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { loadContentConfig } from "../services/content-service/src/config.ts";
import { startContentService } from "../services/content-service/src/service.ts";
import { loadNlpConfig } from "../services/nlp/src/config.ts";
import { computeTextMetrics } from "../services/nlp/src/domain/text-metrics.ts";
import { startNlpService } from "../services/nlp/src/service.ts";
import { loadSpellcheckerConfig } from "../services/spellchecker/src/config.ts";
import { correctText } from "../services/spellchecker/src/domain/correct-text.ts";
import { loadSpeller } from "../services/spellchecker/src/domain/dictionaries.ts";
import type { SpellLanguage } from "../services/spellchecker/src/domain/speller.ts";
import { startSpellcheckerService } from "../services/spellchecker/src/service.ts";

const KEY = "bench-internal-key";
const TARGET_WORDS = 400;
const FIXTURES = new URL("../services/spellchecker/test/fixtures/", import.meta.url);

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** A small seeded PRNG (mulberry32): the same essays on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * `count` different essays of about 400 words: the fixture's sentences (misspellings, names and
 * links included) shuffled per essay and regrouped into paragraphs of three to five sentences.
 */
async function recombinedEssays(language: SpellLanguage, count: number): Promise<string[]> {
  const text = await Bun.file(new URL(`essay-${language}.txt`, FIXTURES)).text();
  const [title = "", ...body] = text.trim().split(/\n\n+/);
  const sentences = body.flatMap((p) => p.split(/(?<=[.!?])\s+/)).filter(Boolean);
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom((i + 1) * 7919 + (language === "sv" ? 1 : 0));
    const pool = [...sentences];
    const paragraphs: string[][] = [[]];
    let words = 0;
    while (words < TARGET_WORDS) {
      if (pool.length === 0) pool.push(...sentences);
      const [sentence = ""] = pool.splice(Math.floor(random() * pool.length), 1);
      const current = paragraphs[paragraphs.length - 1] ?? [];
      current.push(sentence);
      words += wordsIn(sentence);
      if (current.length >= 3 + Math.floor(random() * 3)) paragraphs.push([]);
    }
    return [title, ...paragraphs.filter((p) => p.length > 0).map((p) => p.join(" "))].join("\n\n");
  });
}

interface PipelineRun {
  spellcheckDoneMs: number;
  wallMs: number;
  failed: number;
  corrections: number;
}

/** Publish every spellcheck request, chain an NLP request to each corrected text, wait for all NLP results. */
async function runPipeline(redis: Redis, reader: Redis, batchId: string, language: SpellLanguage, textIds: string[]): Promise<PipelineRun> {
  const streams = [EssaySpellcheckCompletedTopic.name, EssayNlpCompletedTopic.name];
  const lastIds = await Promise.all(streams.map(async (s) => (await redis.xrevrange(s, "+", "-", "COUNT", 1))[0]?.[0] ?? "0-0"));
  const request = (essayId: string, textStorageId: string) => ({ batch_id: batchId, essay_id: essayId, text_storage_id: textStorageId, language });

  const started = performance.now();
  for (const [i, textId] of textIds.entries()) {
    const envelope = makeEnvelope(EssaySpellcheckRequestedTopic, { data: request(`${batchId}-${i}`, textId), source: "bench", correlationId: batchId });
    await publishEnvelope(redis, EssaySpellcheckRequestedTopic, envelope);
  }
  let spellchecked = 0;
  let measured = 0;
  let failed = 0;
  let corrections = 0;
  let spellcheckDoneMs = 0;
  while (measured + failed < textIds.length) {
    const reply = await reader.call("XREAD", "COUNT", 500, "BLOCK", 10_000, "STREAMS", ...streams, ...lastIds);
    if (reply === null) throw new Error(`stalled: ${spellchecked} spell-checked, ${measured} measured, ${failed} failed`);
    for (const [stream, entries] of parseReadReply(reply)) {
      for (const entry of entries) {
        lastIds[streams.indexOf(stream)] = entry.id;
        if (stream === EssaySpellcheckCompletedTopic.name) {
          const { data } = JSON.parse(entry.fields.envelope ?? "{}") as EventEnvelope<TopicData<typeof EssaySpellcheckCompletedTopic>>;
          if (data.batch_id !== batchId) continue;
          spellchecked++;
          if (spellchecked === textIds.length) spellcheckDoneMs = performance.now() - started;
          if (data.status !== "success" || !data.corrected_text_storage_id) {
            failed++;
            continue;
          }
          corrections += data.correction_count;
          const next = makeEnvelope(EssayNlpRequestedTopic, { data: request(data.essay_id, data.corrected_text_storage_id), source: "bench", correlationId: batchId });
          await publishEnvelope(redis, EssayNlpRequestedTopic, next);
        } else {
          const { data } = JSON.parse(entry.fields.envelope ?? "{}") as EventEnvelope<TopicData<typeof EssayNlpCompletedTopic>>;
          if (data.batch_id !== batchId) continue;
          if (data.status === "success") measured++;
          else failed++;
        }
      }
    }
  }
  return { spellcheckDoneMs, wallMs: performance.now() - started, failed, corrections };
}

/** The same work as bare function calls in one process: correct, then measure the corrected text. */
async function timeBareFunctions(language: SpellLanguage, essays: readonly string[]): Promise<number> {
  const speller = await loadSpeller(language);
  const started = performance.now();
  for (const essay of essays) computeTextMetrics(correctText(essay, speller).correctedText, language);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const languages = (process.argv[3] ?? "en,sv").split(",") as SpellLanguage[];
  const redisServer = await startRedis();
  const dir = tempDir("huleedu-bench-");
  const quiet = (service: string) => createLogger(service, { level: "error" });
  const env = { HULEEDU_INTERNAL_API_KEY: KEY, REDIS_URL: redisServer.url };
  const content = await startContentService(
    loadContentConfig({ ...env, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }), quiet("content-service"));
  const serviceEnv = { ...env, CONTENT_SERVICE_URL: content.url, SPELLCHECKER_HTTP_PORT: "0", NLP_HTTP_PORT: "0" };
  const spellchecker = await startSpellcheckerService(loadSpellcheckerConfig(serviceEnv), quiet("spellchecker"));
  const nlp = await startNlpService(loadNlpConfig(serviceEnv), quiet("nlp"));
  const redis = redisServer.client();
  const reader = redisServer.client();
  try {
    for (const language of languages) {
      const essays = await recombinedEssays(language, count);
      const distinct = new Set(essays).size;
      const meanWords = essays.reduce((n, e) => n + wordsIn(e), 0) / essays.length;
      const textIds: string[] = [];
      for (const essay of essays) {
        const res = await fetch(`${content.url}/v1/content`, {
          method: "POST", body: essay, headers: { "X-Internal-API-Key": KEY, "Content-Type": "text/plain; charset=utf-8" },
        });
        textIds.push(((await res.json()) as { storage_id: string }).storage_id);
      }
      const run = await runPipeline(redis, reader, `bench-${language}`, language, textIds);
      const bareMs = await timeBareFunctions(language, essays);
      console.log(
        `${language}: ${count} essays (${distinct} distinct, ~${meanWords.toFixed(0)} words), ${run.corrections} corrections, ${run.failed} failed\n`
        + `  service layer: ${run.wallMs.toFixed(0)} ms end to end (${(run.wallMs / count).toFixed(2)} ms/essay; all spellcheck results after ${run.spellcheckDoneMs.toFixed(0)} ms)\n`
        + `  bare functions: ${bareMs.toFixed(0)} ms (${(bareMs / count).toFixed(2)} ms/essay)\n`
        + `  ratio service/bare: ${(run.wallMs / bareMs).toFixed(2)}x`,
      );
    }
  } finally {
    await nlp.stop();
    await spellchecker.stop();
    await content.stop();
    await redisServer.stop();
    dir.remove();
  }
}

if (import.meta.main) await main();
