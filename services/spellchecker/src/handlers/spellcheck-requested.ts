import { on, type EventHandler } from "@shared/bus/consumer.ts";
import type { ProcessedMarks } from "@shared/bus/processed-marks.ts";
import { resultEventIdFor } from "@shared/bus/result-event-id.ts";
import { EssaySpellcheckRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import { UnusableContentError, type ContentClient } from "@shared/http/content-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { Histogram } from "prom-client";
import type { EventRuntime } from "@shared/runtime/event-runtime.ts";
import type { RosterClient } from "../clients/roster-client.ts";
import { correctText, type CorrectedText } from "../domain/correct-text.ts";
import { loadSpeller } from "../domain/dictionaries.ts";
import { NO_ROSTER_NAMES, type RosterNames } from "../domain/roster-names.ts";

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
 * Spell-checks one essay per request and publishes its result. Content-service outages are
 * thrown (the bus retries, then dead-letters); missing or unreadable text is a failed result. The
 * class roster's names are kept as written; without the roster (class-management down) the essay
 * is still spell-checked.
 */
export function spellcheckRequestedHandler(deps: SpellcheckDeps): EventHandler {
  const essays = deps.metrics.counter("spellcheck_essays_total", "Essays spell-checked by outcome", ["language", "status"]);
  const corrections = deps.metrics.counter("spellcheck_corrections_total", "Corrections made", ["language"]);
  const duration = deps.metrics.histogram("spellcheck_duration_seconds", "Time in correctText per essay", ["language"]);

  return on(EssaySpellcheckRequestedTopic, async (envelope, ctx) => {
    if (await deps.marks.isProcessed(envelope.event_id)) {
      ctx.logger.info("spellcheck request already processed; skipped");
      return;
    }
    const request = envelope.data;
    const userId = request.user_id ?? envelope.metadata?.user_id;
    const names = userId
      ? deps.roster.namesOf({ userId, batchId: request.batch_id }, envelope.correlation_id, ctx.logger)
      : Promise.resolve(NO_ROSTER_NAMES);
    const result = await spellcheckEssay(request, envelope.correlation_id, { content: deps.content, names, log: ctx.logger, duration });
    await deps.publish(EssaySpellcheckCompletedTopic, {
      data: result, correlationId: envelope.correlation_id, eventId: resultEventIdFor(deps.service, envelope.event_id),
      ...(envelope.metadata ? { metadata: envelope.metadata } : {}),
    });
    // Marked only after publishing: a crash in between redoes the essay and publishes again (ELS
    // counts one result per essay), whereas marking first could lose the result for good.
    await deps.marks.mark(envelope.event_id);
    essays.inc({ language: request.language, status: result.status });
    corrections.inc({ language: request.language }, result.correction_count);
    ctx.logger.info("essay spell-checked", { status: result.status, correction_count: result.correction_count, error_code: result.error?.code });
  });
}

async function spellcheckEssay(
  request: EssayProcessingRequest,
  correlationId: string,
  { content, names, log, duration }: { content: ContentClient; names: Promise<RosterNames>; log: Logger; duration: Histogram<string> },
): Promise<SpellcheckResult> {
  let text: string;
  try {
    text = await content.fetchText(request.text_storage_id, correlationId);
  } catch (err) {
    if (err instanceof UnusableContentError) return failed(request, err.code, err.message);
    throw err;
  }

  const [speller, rosterNames] = await Promise.all([loadSpeller(request.language), names]);
  let corrected: CorrectedText;
  const endTimer = duration.startTimer({ language: request.language });
  try {
    corrected = correctText(text, speller, rosterNames);
  } catch (err) {
    // A text that breaks the corrector breaks it on every retry: report it instead of looping.
    log.error("spelling correction failed", { error: err });
    return failed(request, "PROCESSING_ERROR", "Spelling correction failed for this text");
  } finally {
    endTimer();
  }

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
  };
}

function failed(request: EssayProcessingRequest, code: string, message: string): SpellcheckResult {
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
