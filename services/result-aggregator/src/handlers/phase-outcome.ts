import type { EventHandler } from "@shared/bus/consumer.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { clearFailure, recordFailure, upsertEssay } from "../db/essay-repository.ts";
import { completePhase } from "../db/phase-repository.ts";
import { phaseStatusForOutcome } from "../domain/event-order.ts";
import { phaseResultsReady } from "../domain/results-ready.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";

/**
 * ELS: a phase finished for every essay of the batch. The phase's status, timing and counts go
 * into the view, each processed essay's new text id is kept, failed essays are named; then
 * `results_ready` tells the teacher's socket the phase's results can be read.
 */
export function phaseOutcomeHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, ELSBatchPhaseOutcomeTopic, (d, { tx, batch, at, now, correlationId, logger }) => {
    const status = phaseStatusForOutcome(d.status);
    if (!completePhase(tx, d.batch_id, { phase: d.phase, status, processedCount: d.processed_essays.length, failedEssayIds: d.failed_essay_ids }, at)) {
      logger.info("phase outcome older than the phase run the view shows; ignored", { phase: d.phase });
      return [];
    }
    for (const essay of d.processed_essays) {
      upsertEssay(tx, d.batch_id, essay.essay_id, { currentTextStorageId: essay.text_storage_id }, now);
      clearFailure(tx, d.batch_id, essay.essay_id, d.phase);
    }
    for (const essayId of d.failed_essay_ids) {
      upsertEssay(tx, d.batch_id, essayId, {}, now);
      recordFailure(tx, d.batch_id, essayId, { phase: d.phase, errorCode: "PROCESSING_ERROR", message: `The essay failed the ${d.phase} phase` }, at, { detailed: false });
    }
    logger.info("phase outcome stored", { phase: d.phase, status, processed_count: d.processed_essays.length, failed_count: d.failed_essay_ids.length });
    return [phaseResultsReady({ userId: batch.userId, batchId: d.batch_id, correlationId }, d.phase, status, d.processed_essays.length, d.failed_essay_ids)];
  });
}
