import { and, eq } from "drizzle-orm";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PhaseName } from "@shared/contracts/enums.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { FeedbackRequestStatus } from "../domain/feedback-status.ts";
import { feedbackCancellations, feedbackRequests } from "../db/schema.ts";
import { SERVICE_NAME } from "../service-name.ts";

/** The error code a request abandoned by a cancellation is settled with. */
export const CANCELLED_CODE = "PIPELINE_CANCELLED";

/**
 * The owner cancelled the pipeline during the feedback phase: every request of the batch still
 * waiting for LPS is settled as failed (PIPELINE_CANCELLED) without a result event or a
 * consumption, so LPS's late answer is a duplicate that changes nothing and costs no credits; a
 * request ELS sent before the cancellation and delivered after it is dropped.
 */
export function pipelineCancelledHandler(uow: UnitOfWork): EventHandler {
  return on(PipelineCancelledTopic, async (envelope, ctx) => {
    const d = envelope.data;
    if (!d.cancelled_phases.includes(PhaseName.AI_FEEDBACK)) return;
    const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => {
      tx.insert(feedbackCancellations).values({ batchId: d.batch_id, cancelledAt: d.cancelled_at })
        .onConflictDoUpdate({ target: feedbackCancellations.batchId, set: { cancelledAt: d.cancelled_at } }).run();
      return tx.update(feedbackRequests)
        .set({ status: FeedbackRequestStatus.FAILED, errorCode: CANCELLED_CODE, completedAt: new Date().toISOString() })
        .where(and(eq(feedbackRequests.batchId, d.batch_id), eq(feedbackRequests.status, FeedbackRequestStatus.REQUESTED)))
        .returning({ requestId: feedbackRequests.requestId }).all().length;
    });
    if (outcome.applied) ctx.logger.info("feedback requests abandoned: the pipeline was cancelled", { run_id: d.run_id, abandoned: outcome.result });
  });
}

/** A feedback request sent before the batch's last cancellation belongs to the cancelled run. */
export function requestPredatesCancellation(db: DbOrTx, batchId: string, requestedAt: string): boolean {
  const row = db.select({ at: feedbackCancellations.cancelledAt }).from(feedbackCancellations).where(eq(feedbackCancellations.batchId, batchId)).get();
  return row !== undefined && Date.parse(requestedAt) < Date.parse(row.at);
}
