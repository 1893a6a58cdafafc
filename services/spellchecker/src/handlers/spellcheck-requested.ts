import type { EventHandler } from "@shared/bus/consumer.ts";
import type { ProcessedMarks } from "@shared/bus/processed-marks.ts";
import { EssaySpellcheckRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { ContentClient } from "@shared/http/content-client.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { essayPhaseWorker, type EssayPhaseError } from "@shared/runtime/essay-phase-worker.ts";
import type { EventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RosterClient } from "../clients/roster-client.ts";
import { correctText } from "../domain/correct-text.ts";
import { loadSpeller } from "../domain/dictionaries.ts";
import { NO_ROSTER_NAMES } from "../domain/roster-names.ts";

export type SpellcheckResult = TopicData<typeof EssaySpellcheckCompletedTopic>;

export interface SpellcheckDeps {
  service: string;
  content: ContentClient;
  /** The pupils' names of the batch's class, never corrected. */
  roster: RosterClient;
  marks: ProcessedMarks;
  publish: EventRuntime["publish"];
  metrics: ServiceMetrics;
}

/**
 * Spell-checks one essay per request and publishes its result (the sequence, idempotency and
 * retries: shared/runtime/essay-phase-worker.ts). Content-service outages are thrown (the bus
 * retries, then dead-letters); missing or unreadable text is a failed result. The class roster's
 * names are kept as written; without the roster (class-management down) the essay is still spell-checked.
 */
export function spellcheckRequestedHandler(deps: SpellcheckDeps): EventHandler {
  const essays = deps.metrics.counter("spellcheck_essays_total", "Essays spell-checked by outcome", ["language", "status"]);
  const corrections = deps.metrics.counter("spellcheck_corrections_total", "Corrections made", ["language"]);
  const duration = deps.metrics.histogram("spellcheck_duration_seconds", "Time in correctText per essay", ["language"]);

  return essayPhaseWorker(deps, {
    name: "spellcheck",
    requestTopic: EssaySpellcheckRequestedTopic,
    resultTopic: EssaySpellcheckCompletedTopic,
    // The roster lookup runs alongside the text's fetch; it never throws (no roster: no names).
    prepare: async ({ request, envelope, correlationId, logger }) => {
      const userId = request.user_id ?? envelope.metadata?.user_id;
      const names = userId ? deps.roster.namesOf({ userId, batchId: request.batch_id }, correlationId, logger) : Promise.resolve(NO_ROSTER_NAMES);
      const [speller, rosterNames] = await Promise.all([loadSpeller(request.language), names]);
      return { speller, rosterNames };
    },
    // A text that breaks the corrector breaks it on every retry: a failed result instead of a loop.
    compute(text, { speller, rosterNames }, { request }) {
      const endTimer = duration.startTimer({ language: request.language });
      try {
        return correctText(text, speller, rosterNames);
      } finally {
        endTimer();
      }
    },
    computeFailure: { log: "spelling correction failed", message: "Spelling correction failed for this text" },
    async succeeded(corrected, { request, content, correlationId }) {
      // Content is immutable, so an unchanged text keeps its storage id instead of a second copy.
      const correctedId = corrected.correctionCount === 0
        ? request.text_storage_id
        : await content.storeText(corrected.correctedText, correlationId);
      return {
        batch_id: request.batch_id,
        essay_id: request.essay_id,
        status: "success",
        error: null,
        language: request.language,
        original_text_storage_id: request.text_storage_id,
        corrected_text_storage_id: correctedId,
        corrections: corrected.corrections.map(({ offset, original, replacement }) => ({ offset, original, replacement })),
        correction_count: corrected.correctionCount,
        word_count: corrected.wordCount,
      } satisfies SpellcheckResult;
    },
    failed,
    completed(result, { request, logger }) {
      essays.inc({ language: request.language, status: result.status });
      corrections.inc({ language: request.language }, result.correction_count);
      logger.info("essay spell-checked", { status: result.status, correction_count: result.correction_count, error_code: result.error?.code });
    },
  });
}

function failed(request: EssayProcessingRequest, { code, message }: EssayPhaseError): SpellcheckResult {
  return {
    batch_id: request.batch_id,
    essay_id: request.essay_id,
    status: "failed",
    error: { code, message },
    language: request.language,
    original_text_storage_id: request.text_storage_id,
    corrected_text_storage_id: null,
    corrections: [],
    correction_count: 0,
    word_count: 0,
  };
}
