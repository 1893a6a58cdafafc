import * as v from "valibot";
import type { EventHandler } from "@shared/bus/consumer.ts";
import type { ProcessedMarks } from "@shared/bus/processed-marks.ts";
import { EssayNlpRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { EssayNlpCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { EssayGrammarCheck, GrammarCheckResponse } from "@shared/contracts/grammar.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { ContentClient } from "@shared/http/content-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { essayPhaseWorker, type EssayPhaseError } from "@shared/runtime/essay-phase-worker.ts";
import type { EventRuntime } from "@shared/runtime/event-runtime.ts";
import { loadHunspellCheck } from "@shared/text-analysis/hunspell-check.ts";
import { taggerFor } from "@shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor } from "@shared/text-analysis/word-frequency.ts";
import { summariseIssues } from "../domain/grammar-issues.ts";
import { TextMetricsSchema, type TextMetrics } from "../domain/metrics-schema.ts";
import { computeTextMetrics } from "../domain/text-metrics.ts";
import { grammarCheckerFor, type GrammarChecker } from "../grammar/grammar-checker.ts";

export type NlpResult = TopicData<typeof EssayNlpCompletedTopic>;

export interface NlpDeps {
  service: string;
  checkers: { languageTool?: GrammarChecker | undefined; harper?: GrammarChecker | undefined };
  content: ContentClient;
  marks: ProcessedMarks;
  publish: EventRuntime["publish"];
  metrics: ServiceMetrics;
}

/**
 * Computes one essay's text metrics per request, stores them as JSON content and publishes the
 * result (the sequence, idempotency and retries: shared/runtime/essay-phase-worker.ts). Content-service
 * outages are thrown (the bus retries, then dead-letters); missing or unreadable text is a failed result.
 */
export function nlpRequestedHandler(deps: NlpDeps): EventHandler {
  const essays = deps.metrics.counter("nlp_essays_total", "Essays measured by outcome", ["language", "status"]);
  const duration = deps.metrics.histogram("nlp_duration_seconds", "Time in computeTextMetrics per essay", ["language"]);

  return essayPhaseWorker(deps, {
    name: "nlp",
    requestTopic: EssayNlpRequestedTopic,
    resultTopic: EssayNlpCompletedTopic,
    // Loaded once per process and language (SUBTLEX list, wink-nlp model: Swedish has neither; Hunspell).
    prepare: async ({ request }) => {
      const [zipf, tagger, hunspell] = await Promise.all([zipfLookupFor(request.language), taggerFor(request.language), loadHunspellCheck(request.language)]);
      return { zipf, tagger, isSpelledCorrectly: hunspell.isCorrect };
    },
    async compute(text, resources, { request, logger }) {
      const grammar = await checkGrammar(text, request.language, deps.checkers, logger);
      const endTimer = duration.startTimer({ language: request.language });
      try {
        // Metrics that fail their schema fail on every retry: a failed result instead of a loop.
        return { grammar, metrics: validMetrics(computeTextMetrics(text, request.language, { ...resources, grammar })) };
      } finally {
        endTimer();
      }
    },
    computeFailure: { log: "text metrics failed", message: "Text metrics could not be computed for this text" },
    async succeeded({ metrics, grammar }, { request, content, correlationId }) {
      const metricsId = await content.storeJson(metrics, correlationId);
      // The issues (with offsets into the text) are stored as content: the result event carries only its id.
      const grammarId = grammar === undefined
        ? null
        : await content.storeJson({ text_storage_id: request.text_storage_id, ...grammar } satisfies EssayGrammarCheck, correlationId);
      return {
        batch_id: request.batch_id,
        essay_id: request.essay_id,
        status: "success",
        error: null,
        language: request.language,
        text_storage_id: request.text_storage_id,
        metrics_storage_id: metricsId,
        grammar_storage_id: grammarId,
        metrics,
      } satisfies NlpResult;
    },
    failed,
    completed(result, { request, logger }) {
      essays.inc({ language: request.language, status: result.status });
      logger.info("essay measured", { status: result.status, word_count: result.metrics?.word_count, error_code: result.error?.code });
    },
  });
}

/** The text's grammar check; a failing checker leaves the grammar metrics null instead of failing the essay. */
async function checkGrammar(
  text: string,
  language: EssayProcessingRequest["language"],
  checkers: NlpDeps["checkers"],
  log: Logger,
): Promise<GrammarCheckResponse | undefined> {
  const checker = grammarCheckerFor(language, checkers);
  if (checker === null) return undefined;
  try {
    return summariseIssues(language, checker.name, await checker.check(text, language));
  } catch (err) {
    log.warn("grammar check failed; grammar metrics left null", { checker: checker.name, error: err });
    return undefined;
  }
}

/** The schema's check plus finiteness: JSON would turn an Infinity into null unnoticed. */
function validMetrics(metrics: TextMetrics): TextMetrics {
  const parsed = v.parse(TextMetricsSchema, metrics);
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`metric ${name} is not finite`);
  }
  return parsed;
}

function failed(request: EssayProcessingRequest, { code, message }: EssayPhaseError): NlpResult {
  return {
    batch_id: request.batch_id,
    essay_id: request.essay_id,
    status: "failed",
    error: { code, message },
    language: request.language,
    text_storage_id: request.text_storage_id,
    metrics_storage_id: null,
    grammar_storage_id: null,
    metrics: null,
  };
}
