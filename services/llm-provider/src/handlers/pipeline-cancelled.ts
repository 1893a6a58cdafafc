import { sql } from "drizzle-orm";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { SERVICE_NAME } from "../config.ts";
import { RequestStatus } from "../db/request-states.ts";

/**
 * Drop the batch's requests still queued (not yet taken by a worker): they end EXPIRED without a
 * result, so no provider is called and nobody is charged for them. CJ and ai-feedback have already
 * given up on them. Calls in flight finish; their answers are ignored by the requesters.
 */
export function dropQueuedRequests(tx: DbOrTx, batchId: string, at: string): number {
  return tx.all<{ id: string }>(sql`
    UPDATE llm_requests SET status = ${RequestStatus.EXPIRED}, completed_at = ${at}
    WHERE status = ${RequestStatus.QUEUED} AND batch_id = ${batchId}
    RETURNING request_id AS id`).length;
}

export function pipelineCancelledHandler(uow: UnitOfWork, onDropped: () => void = () => undefined): EventHandler {
  return on(PipelineCancelledTopic, async (envelope, ctx) => {
    const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => dropQueuedRequests(tx, envelope.data.batch_id, new Date().toISOString()));
    if (!outcome.applied) return;
    if (outcome.result > 0) onDropped();
    ctx.logger.info("queued requests dropped: the pipeline was cancelled", { run_id: envelope.data.run_id, dropped: outcome.result });
  });
}
