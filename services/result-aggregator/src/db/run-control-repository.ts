import { and, eq } from "drizzle-orm";
import { PhaseStatus, type PhaseName, type PipelineName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { supersedes } from "../domain/event-order.ts";
import type { BatchViewRow } from "./batch-repository.ts";
import { batchViews, phaseViews } from "./schema.ts";

/** Keep the newest name (an older BatchRenamed never overwrites a newer one). */
export function recordBatchName(tx: DbOrTx, batch: BatchViewRow, name: string | null, at: string, now: string): boolean {
  if (!supersedes(at, batch.nameAt)) return false;
  tx.update(batchViews).set({ name, nameAt: at, updatedAt: now }).where(eq(batchViews.batchId, batch.batchId)).run();
  return true;
}

export interface CancellationFacts {
  pipeline: PipelineName;
  runId: string;
  cancelledPhases: PhaseName[];
  skippedPhases: PhaseName[];
}

/**
 * Record the latest cancellation: the pipeline no longer runs, and its phases still shown in
 * progress (started before the cancellation) end SKIPPED — they produced no outcome.
 */
export function recordCancellation(tx: DbOrTx, batch: BatchViewRow, facts: CancellationFacts, at: string, now: string): boolean {
  if (!supersedes(at, batch.cancelledAt)) return false;
  tx.update(batchViews).set({
    cancelledPipeline: facts.pipeline, cancelledRunId: facts.runId, cancelledPhases: facts.cancelledPhases, cancelledAt: at, updatedAt: now,
    ...(supersedes(at, batch.currentPipelineAt) ? { currentPipeline: null, currentPipelineAt: at } : {}),
  }).where(eq(batchViews.batchId, batch.batchId)).run();
  for (const phase of facts.cancelledPhases) {
    tx.update(phaseViews).set({ status: PhaseStatus.SKIPPED, statusAt: at, completedAt: at })
      .where(and(eq(phaseViews.batchId, batch.batchId), eq(phaseViews.phase, phase), eq(phaseViews.status, PhaseStatus.IN_PROGRESS))).run();
  }
  return true;
}

/** What the views add beside the shared schema: the name and the latest cancellation. */
export function runControlView(b: BatchViewRow) {
  return {
    name: b.name,
    cancellation: b.cancelledAt && b.cancelledPipeline && b.cancelledRunId
      ? { pipeline: b.cancelledPipeline, run_id: b.cancelledRunId, cancelled_phases: b.cancelledPhases ?? [], cancelled_at: b.cancelledAt }
      : null,
  };
}
