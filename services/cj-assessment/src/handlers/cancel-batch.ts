import { and, count, eq } from "drizzle-orm";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit, UnitOfWork } from "@shared/db/unit-of-work.ts";
import { SERVICE_NAME } from "../config.ts";
import { isTerminal } from "../domain/batch-state.ts";
import { PairStatus } from "../domain/statuses.ts";
import { findBatch } from "../db/batch-store.ts";
import { eraseCjBatch } from "../db/erasure-store.ts";
import { cjCancellations, cjPairs } from "../db/schema.ts";

export interface CancelOutcome {
  /** Whether CJ had a batch for it (running or already final). */
  hadBatch: boolean;
  /** Valid comparisons answered before the cancellation: charged once, nothing else is. */
  charged: number;
  erasedRows: number;
}

/**
 * Stop the batch's CJ run: no further comparison requests go out (its pairs and requests are
 * erased, so late LLM answers find no request and change nothing), the comparisons already
 * answered are charged, and a rerun of the pipeline starts a fresh CJ batch. A CJ batch already
 * final was charged when it finalised; it is erased all the same so that the rerun can start.
 */
export function cancelCjBatch(tx: DbOrTx, emit: Emit, data: TopicData<typeof PipelineCancelledTopic>, correlationId: string): CancelOutcome {
  const batch = findBatch(tx, data.batch_id);
  const open = batch !== undefined && !isTerminal(batch.state);
  const charged = open
    ? tx.select({ n: count() }).from(cjPairs).where(and(eq(cjPairs.batchId, data.batch_id), eq(cjPairs.status, PairStatus.ANSWERED))).get()?.n ?? 0
    : 0;
  tx.insert(cjCancellations).values({ batchId: data.batch_id, cancelledAt: data.cancelled_at, comparisonsCharged: charged })
    .onConflictDoUpdate({ target: cjCancellations.batchId, set: { cancelledAt: data.cancelled_at, comparisonsCharged: charged } }).run();
  if (charged > 0) {
    emit(ResourceConsumptionTopic, {
      data: { user_id: data.user_id, org_id: batch?.orgId ?? data.org_id ?? null, batch_id: data.batch_id, resource: "cj_comparison", quantity: charged },
      source: SERVICE_NAME, correlationId, metadata: { batch_id: data.batch_id, user_id: data.user_id },
    }, { dedupeKey: `cj-consumption-cancelled:${data.run_id}` });
  }
  const erasedRows = batch ? eraseCjBatch(tx, data.batch_id) : 0;
  return { hadBatch: batch !== undefined, charged, erasedRows };
}

/** A CJ request sent before the batch's last cancellation belongs to the cancelled run. */
export function requestPredatesCancellation(db: DbOrTx, batchId: string, requestedAt: string): boolean {
  const row = db.select({ at: cjCancellations.cancelledAt }).from(cjCancellations).where(eq(cjCancellations.batchId, batchId)).get();
  return row !== undefined && Date.parse(requestedAt) < Date.parse(row.at);
}

/** PipelineCancelled, applied once per event; only a cancellation of the CJ phase concerns CJ. */
export function pipelineCancelledHandler(uow: UnitOfWork): EventHandler {
  return on(PipelineCancelledTopic, async (envelope, ctx) => {
    if (!envelope.data.cancelled_phases.includes(PhaseName.CJ_ASSESSMENT)) return;
    const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => cancelCjBatch(tx, emit, envelope.data, envelope.correlation_id));
    if (outcome.applied) ctx.logger.info("CJ batch stopped: the pipeline was cancelled", { run_id: envelope.data.run_id, ...outcome.result });
  });
}
