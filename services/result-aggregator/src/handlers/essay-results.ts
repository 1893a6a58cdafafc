import * as v from "valibot";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { StructuredFeedbackSchema } from "@shared/contracts/feedback.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { Tx } from "@shared/db/database.ts";
import { clearFailure, fillEssayGaps, recordAiFeedback, recordFailure, recordNlp, recordSpellcheck } from "../db/essay-repository.ts";
import { notePhaseActivity } from "../db/phase-repository.ts";
import { feedbackReady } from "../domain/results-ready.ts";
import type { ResultStatus } from "../domain/view-types.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";
import { resultsReadyIfComplete } from "./results-ready.ts";

interface EssayOutcome {
  batch_id: string;
  essay_id: string;
  status: ResultStatus;
  error?: { code: string; message: string } | null;
}

/** A failed result names its reason; a success clears an earlier failure of the same phase. */
function noteOutcome(tx: Tx, phase: PhaseName, d: EssayOutcome, at: string): void {
  notePhaseActivity(tx, d.batch_id, phase, at);
  if (d.status === "success") {
    clearFailure(tx, d.batch_id, d.essay_id, phase);
    return;
  }
  recordFailure(tx, d.batch_id, d.essay_id, {
    phase, errorCode: d.error?.code ?? "PROCESSING_ERROR", message: d.error?.message ?? `The essay failed the ${phase} phase`,
  }, at, { detailed: true });
}

export function spellcheckResultHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, EssaySpellcheckCompletedTopic, (d, { tx, at, now, correlationId }) => {
    const stored = recordSpellcheck(tx, d.batch_id, d.essay_id, {
      status: d.status, corrections: d.corrections, correctionCount: d.correction_count,
      correctedTextStorageId: d.corrected_text_storage_id ?? null, wordCount: d.word_count,
    }, at, now);
    fillEssayGaps(tx, d.batch_id, d.essay_id, { originalTextStorageId: d.original_text_storage_id }, now);
    if (!stored) return [];
    noteOutcome(tx, PhaseName.SPELLCHECK, d, at);
    return resultsReadyIfComplete(tx, d.batch_id, PhaseName.SPELLCHECK, correlationId, now);
  });
}

export function nlpResultHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, EssayNlpCompletedTopic, (d, { tx, at, now, correlationId }) => {
    const stored = recordNlp(tx, d.batch_id, d.essay_id, { status: d.status, metrics: d.metrics ?? null, metricsStorageId: d.metrics_storage_id ?? null }, at, now);
    if (!stored) return [];
    noteOutcome(tx, PhaseName.NLP, d, at);
    return resultsReadyIfComplete(tx, d.batch_id, PhaseName.NLP, correlationId, now);
  });
}

/** Reads a stored JSON document (the content service's text API); throws while it is unavailable. */
export type FetchStoredText = (storageId: string, correlationId: string) => Promise<string>;

/**
 * Feedback is written per essay and slowly (an LLM call each), so each one is announced as it lands.
 * The structured feedback quotes the essay, so the event carries its storage id; it is read here,
 * before the transaction, and validated (a bad document is dropped, the text feedback still shows).
 */
export function aiFeedbackResultHandler(deps: HandlerDeps, fetchStored: FetchStoredText): EventHandler {
  const inner = aiFeedbackViewHandler(deps);
  return on(EssayAIFeedbackCompletedTopic, async (envelope, ctx) => {
    const id = envelope.data.feedback_json_storage_id;
    if (!id || envelope.data.feedback) return inner.handle(envelope, ctx);
    const stored = await fetchStored(id, envelope.correlation_id);
    let json: unknown;
    try {
      json = JSON.parse(stored);
    } catch {
      json = undefined;
    }
    const parsed = v.safeParse(StructuredFeedbackSchema, json);
    if (!parsed.success) ctx.logger.warn("stored structured feedback does not match its schema; left out", { feedback_json_storage_id: id });
    return inner.handle({ ...envelope, data: { ...envelope.data, feedback: parsed.success ? parsed.output : null } }, ctx);
  });
}

function aiFeedbackViewHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, EssayAIFeedbackCompletedTopic, (d, { tx, batch, at, now, correlationId }) => {
    const preview = d.feedback_preview ?? null;
    const stored = recordAiFeedback(tx, d.batch_id, d.essay_id, {
      status: d.status, feedbackStorageId: d.feedback_storage_id ?? null, preview, provider: d.provider ?? null, structured: d.feedback ?? null,
    }, at, now);
    if (!stored) return [];
    noteOutcome(tx, PhaseName.AI_FEEDBACK, d, at);
    return [
      feedbackReady({ userId: batch.userId, batchId: d.batch_id, correlationId }, d.essay_id, d.status, preview),
      ...resultsReadyIfComplete(tx, d.batch_id, PhaseName.AI_FEEDBACK, correlationId, now),
    ];
  });
}
