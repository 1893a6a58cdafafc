import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { recordCorrections, recordMetrics } from "../db/essay-context.ts";
import { correctionPairs, numericMetrics } from "../domain/feedback-request.ts";
import type { HandlerDeps } from "./deps.ts";

// Both writes are "keep the newest" upserts, so a redelivered event changes nothing: no processed mark needed.

/** Remember each essay's latest spelling corrections for its feedback request. */
export function spellcheckResultHandler(deps: Pick<HandlerDeps, "db">): EventHandler {
  return on(EssaySpellcheckCompletedTopic, async (envelope, ctx) => {
    const d = envelope.data;
    if (d.status !== "success") return; // a failed spellcheck leaves what was known before
    recordCorrections(deps.db, {
      essayId: d.essay_id, batchId: d.batch_id, corrections: correctionPairs(d.corrections),
      correctionCount: d.correction_count, observedAt: envelope.event_timestamp,
    });
    ctx.logger.debug("spelling corrections recorded", { correction_count: d.correction_count });
  });
}

/** Remember each essay's latest NLP metrics and grammar check (its storage id) for its feedback request. */
export function nlpResultHandler(deps: Pick<HandlerDeps, "db">): EventHandler {
  return on(EssayNlpCompletedTopic, async (envelope, ctx) => {
    const d = envelope.data;
    if (d.status !== "success" || !d.metrics) return;
    const metrics = numericMetrics(d.metrics);
    recordMetrics(deps.db, {
      essayId: d.essay_id, batchId: d.batch_id, metrics, grammarStorageId: d.grammar_storage_id ?? null, observedAt: envelope.event_timestamp,
    });
    ctx.logger.debug("text metrics recorded", { metric_count: Object.keys(metrics).length });
  });
}
