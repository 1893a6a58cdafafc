import type { PhaseName } from "@shared/contracts/enums.ts";
import type { Tx } from "@shared/db/database.ts";
import { findBatchView } from "../db/batch-repository.ts";
import { listEssayViews } from "../db/essay-repository.ts";
import { findPhaseView, markResultsReady } from "../db/phase-repository.ts";
import { phaseResultsComplete } from "../domain/phase-results-complete.ts";
import { phaseResultsReady, type ResultsReadyDraft } from "../domain/results-ready.ts";

/**
 * After any write that may complete a phase run's results (its outcome, an essay's result, the CJ
 * ranking): if the run's outcome and all its results are stored, claim the run's single
 * `results_ready` inside the same transaction.
 */
export function resultsReadyIfComplete(tx: Tx, batchId: string, phase: PhaseName, correlationId: string, now: string): ResultsReadyDraft[] {
  const run = findPhaseView(tx, batchId, phase);
  if (!run || run.processedEssayIds === null || run.resultsReadyAt !== null) return [];
  const batch = findBatchView(tx, batchId);
  if (!batch) return [];
  const essays = listEssayViews(tx, batchId);
  if (!phaseResultsComplete({ phase, startedAt: run.startedAt, processedEssayIds: run.processedEssayIds }, essays, batch.cjPublishedAt)) return [];
  if (!markResultsReady(tx, batchId, phase, now)) return [];
  const cj = phase === "cj_assessment" && batch.cjPublishedAt
    ? { comparisons_made: batch.cjComparisonsMade, finish_reason: batch.cjFinishReason, grade_scale: batch.cjGradeScale }
    : {};
  return [phaseResultsReady({ userId: batch.userId, batchId, correlationId }, phase, run.status, run.processedEssayIds.length, run.failedEssayIds ?? [], cj)];
}
