import type { EventHandler } from "@shared/bus/consumer.ts";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { clearFailure, recordFailure, upsertEssay } from "../db/essay-repository.ts";
import { completePhase } from "../db/phase-repository.ts";
import { phaseStatusForOutcome } from "../domain/event-order.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";
import { resultsReadyIfComplete } from "./results-ready.ts";

/**
 * ELS: a phase finished for every essay of the batch. The phase's status, timing and counts go
 * into the view, each processed essay's new text id is kept, failed essays are named; once the
 * phase's results are all stored too, `results_ready` tells the teacher's socket they can be read.
 * The outcome names the batch's owner, so for a batch the view has not seen it starts the view
 * (status PROCESSING_PIPELINES until a status event says more); an older outcome without the
 * owner waits for the registration (redelivery).
 */
export function phaseOutcomeHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, ELSBatchPhaseOutcomeTopic, (d, { tx, at, now, correlationId, logger }) => {
    const status = phaseStatusForOutcome(d.status);
    const processedEssayIds = d.processed_essays.map((e) => e.essay_id);
    if (!completePhase(tx, d.batch_id, { phase: d.phase, status, processedEssayIds, failedEssayIds: d.failed_essay_ids }, at)) {
      logger.info("phase outcome older than the phase run the view shows; ignored", { phase: d.phase });
      return [];
    }
    for (const essay of d.processed_essays) {
      upsertEssay(tx, d.batch_id, essay.essay_id, { currentTextStorageId: essay.text_storage_id }, now);
      clearFailure(tx, d.batch_id, essay.essay_id, d.phase);
    }
    const reasons = new Map((d.essay_results ?? []).map((e) => [e.essay_id, e.failure_reason ?? null]));
    for (const essayId of d.failed_essay_ids) {
      upsertEssay(tx, d.batch_id, essayId, {}, now);
      const reason = reasons.get(essayId);
      const message = `The essay failed the ${d.phase} phase${reason ? ` (${reason})` : ""}`;
      recordFailure(tx, d.batch_id, essayId, { phase: d.phase, errorCode: "PROCESSING_ERROR", message }, at, { detailed: false });
    }
    logger.info("phase outcome stored", { phase: d.phase, status, processed_count: d.processed_essays.length, failed_count: d.failed_essay_ids.length });
    return resultsReadyIfComplete(tx, d.batch_id, d.phase, correlationId, now);
  }, { seedStatus: BatchStatus.PROCESSING_PIPELINES });
}
