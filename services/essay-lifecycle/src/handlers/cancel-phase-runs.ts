import { eq } from "drizzle-orm";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { SERVICE_NAME } from "../config.ts";
import { decideTransition } from "../domain/essay-state-machine.ts";
import { findEssay, moveEssayStatus } from "../db/essay-store.ts";
import { activeRunsOfBatch, cancelPhaseRun } from "../db/phase-store.ts";
import { batches } from "../db/schema.ts";

export interface CancelledRuns {
  runs: { runId: string; phase: string; essays: number }[];
}

/**
 * The owner cancelled the batch's pipeline: every phase run still in progress closes CANCELLED
 * without an outcome, its pending essays go back to READY_FOR_PROCESSING, and the batch remembers
 * the time so that phase commands and results from before it are ignored when they arrive late.
 */
export function cancelPhaseRuns(tx: DbOrTx, data: TopicData<typeof PipelineCancelledTopic>, log: Logger): CancelledRuns {
  tx.update(batches).set({ pipelineCancelledAt: data.cancelled_at }).where(eq(batches.batchId, data.batch_id)).run();
  const runs = activeRunsOfBatch(tx, data.batch_id).map((run) => {
    const pending = cancelPhaseRun(tx, run.runId);
    for (const essayId of pending) {
      const essay = findEssay(tx, essayId);
      if (!essay) continue;
      const decision = decideTransition(essay.status, { type: "phase_cancelled", phase: run.phase });
      if (decision.kind === "reject") {
        log.warn("essay status transition skipped", { essay_id: essayId, from: decision.from, to: decision.to, reason: decision.reason });
        continue;
      }
      if (!moveEssayStatus(tx, essayId, decision.from, decision.to)) throw new Error(`essay ${essayId} changed inside its transaction`);
    }
    return { runId: run.runId, phase: run.phase, essays: pending.length };
  });
  return { runs };
}

/** PipelineCancelled, applied once per event. */
export function pipelineCancelledHandler(uow: UnitOfWork): EventHandler {
  return on(PipelineCancelledTopic, async (envelope, ctx) => {
    const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => cancelPhaseRuns(tx, envelope.data, ctx.logger));
    if (outcome.applied) ctx.logger.info("phase runs cancelled with the pipeline", { run_id: envelope.data.run_id, phase_runs: outcome.result.runs });
  });
}

/** A phase command or result sent before the batch's last cancellation belongs to the cancelled run. */
export function predatesCancellation(tx: DbOrTx, batchId: string, at: string): boolean {
  const cancelledAt = tx.select({ at: batches.pipelineCancelledAt }).from(batches).where(eq(batches.batchId, batchId)).get()?.at;
  return cancelledAt !== null && cancelledAt !== undefined && Date.parse(at) < Date.parse(cancelledAt);
}
