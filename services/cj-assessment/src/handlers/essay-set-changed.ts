import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchEssaysAddedTopic, EssaySlotContentReplacedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type * as v from "valibot";
import { SERVICE_NAME } from "../config.ts";
import { isTerminal } from "../domain/batch-state.ts";
import { findBatch } from "../db/batch-store.ts";
import { eraseCjBatch } from "../db/erasure-store.ts";

type EssaySetChange = { batch_id: string };

/**
 * The batch's essays changed (a text replaced, an essay removed or added) after a CJ run: that
 * run ranked texts the batch no longer has. Its rows (with their text snapshots) are erased, so
 * the old text is kept nowhere, and the next `cj_assessment` request starts a fresh CJ batch
 * instead of being ignored as one already known. A run still open is left alone: ELS refuses
 * changes while a pipeline runs, so such an event is old or out of order.
 */
function essaySetChangedHandler<S extends v.GenericSchema<unknown, EssaySetChange>>(uow: UnitOfWork, topic: Topic<S>): EventHandler {
  return on(topic, async (envelope, ctx) => {
    const batchId = envelope.data.batch_id;
    const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => {
      const batch = findBatch(tx, batchId);
      if (!batch) return { erasedRows: 0, open: false };
      if (!isTerminal(batch.state)) return { erasedRows: 0, open: true };
      return { erasedRows: eraseCjBatch(tx, batchId), open: false };
    });
    if (!outcome.applied) return;
    const log = ctx.logger.child({ batch_id: batchId });
    if (outcome.result.open) log.warn("the batch's essays changed while its CJ run is open; the run is kept", { event_type: envelope.event_type });
    else if (outcome.result.erasedRows > 0) log.info("CJ run of the batch's earlier essays erased: they changed", { event_type: envelope.event_type, rows: outcome.result.erasedRows });
  });
}

/** CJ's handlers for changes to a batch's essays after a run. */
export function essaySetChangedHandlers(uow: UnitOfWork): EventHandler[] {
  return [
    essaySetChangedHandler(uow, EssaySlotContentReplacedTopic),
    essaySetChangedHandler(uow, EssaySlotRemovedTopic),
    essaySetChangedHandler(uow, BatchEssaysAddedTopic),
  ];
}
