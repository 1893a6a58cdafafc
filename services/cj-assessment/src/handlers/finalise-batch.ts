import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic, type CJEssayResult } from "@shared/contracts/events/cj-results.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { BatchState } from "../domain/batch-state.ts";
import { batchStatistics } from "../domain/batch-statistics.ts";
import type { ScoreEstimate } from "../domain/bradley-terry.ts";
import type { BatchProgress } from "../domain/batch-progress.ts";
import { comparisonCounts, type FinishReason } from "../domain/completion.ts";
import { rankByScore } from "../domain/ranking.ts";
import { ItemKind } from "../domain/statuses.ts";
import { SERVICE_NAME } from "../config.ts";
import { closeBatch, type BatchRow, type ItemRow } from "../db/batch-store.ts";
import { batchGrades } from "./batch-grades.ts";
import type { WorkflowTx } from "./workflow.ts";

export interface FinalResult {
  readonly status: typeof BatchState.COMPLETED | typeof BatchState.FAILED;
  readonly comparisonsMade: number;
  readonly reason: FinishReason | null;
}

/**
 * Finalise a batch exactly once: the terminal-state guard (an UPDATE that only matches an open
 * batch) and the outbox dedupe keys both refuse a second finalisation, whatever triggered it.
 * Ranks, scores and SEs come from `fit`; grades are projected when anchors and a scale exist.
 * Returns undefined when the batch was already final.
 */
// Dedupe keys name the CJ batch's incarnation (created_at): a pipeline cancelled and requested
// again gets a fresh CJ batch under the same batch id, which must be able to finalise too.
export function finaliseBatch(
  w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], fit: ScoreEstimate, progress: BatchProgress, reason: FinishReason | null,
): FinalResult | undefined {
  const counts = comparisonCounts(items.length, progress.comparisons);
  const compared = (item: ItemRow) => counts[item.itemIndex]! > 0 || items.length === 1;
  const essays = items.filter((i) => i.kind === ItemKind.ESSAY);
  const ranked = essays.filter(compared);
  const uncompared = essays.filter((i) => !compared(i)).map((i) => ({ essay_id: i.refId, reason: "no_valid_comparisons" }));
  const failed = [...batch.failedEssays, ...uncompared];
  // Only anchors that took part calibrate the bands; an uncompared anchor sits at the prior mean.
  const anchors = items.filter((i) => i.kind === ItemKind.ANCHOR && compared(i) && i.grade !== null);
  const grades = batchGrades(fit, ranked, anchors, batch.gradeScale);
  const ranks = rankByScore(ranked.map((i) => fit.scores[i.itemIndex]!));
  const results: CJEssayResult[] = ranked.map((item, k) => {
    const projection = grades.byItem.get(item.itemIndex);
    return {
      essay_id: item.refId, rank: ranks[k]!, score: fit.scores[item.itemIndex]!, standard_error: fit.standardErrors[item.itemIndex]!,
      grade: projection?.grade ?? null, grade_probabilities: { ...(projection?.probabilities ?? {}) },
      ...(projection ? { grade_uncertain: projection.uncertain } : {}), is_anchor: false as const,
    };
  }).sort((x, y) => x.rank - y.rank);

  const status = ranked.length > 0 ? BatchState.COMPLETED : BatchState.FAILED;
  const comparisonsMade = progress.comparisons.length;
  // Spend and reliability of the scale: stored on the batch and carried by both result events.
  const statistics = batchStatistics(fit, progress.comparisons, batch.seed);
  const closed = closeBatch(w.tx, batch.batchId, status, {
    finishReason: reason, comparisonsMade, completedAt: w.now.toISOString(), lastActivityAt: w.now.toISOString(),
    fitScores: [...fit.scores], fitStandardErrors: [...fit.standardErrors], statistics,
  });
  if (!closed) {
    w.log.info("batch already finalised; nothing emitted");
    return undefined;
  }
  const envelope = { source: SERVICE_NAME, correlationId: batch.correlationId, metadata: { batch_id: batch.batchId, user_id: batch.userId } };
  const first = w.emit(CJAssessmentCompletedTopic, {
    ...envelope,
    data: {
      batch_id: batch.batchId,
      status: status === BatchState.COMPLETED ? "success" : "failed",
      essay_outcomes: [
        ...ranked.map((i) => ({ essay_id: i.refId, status: "success" as const })),
        ...failed.map((f) => ({ essay_id: f.essay_id, status: "failed" as const })),
      ],
      rankings: results.map((r) => ({ essay_id: r.essay_id, rank: r.rank, score: r.score, standard_error: r.standard_error, grade: r.grade ?? null })),
      statistics,
    },
  }, { dedupeKey: `cj-final:${batch.batchId}:${batch.createdAt}` });
  if (!first) {
    // The state guard should make this unreachable; the outbox key is the second lock.
    w.log.error("completion event already in the outbox; refusing to emit again");
    return undefined;
  }
  if (status === BatchState.COMPLETED && reason !== null) {
    w.emit(AssessmentResultPublishedTopic, {
      ...envelope,
      data: {
        batch_id: batch.batchId, user_id: batch.userId, assignment_id: batch.assignmentId,
        grade_scale: batch.gradeScale, comparisons_made: comparisonsMade, finish_reason: reason,
        essays: results,
        anchors: anchors.map((a) => ({ anchor_id: a.refId, grade: a.grade!, score: fit.scores[a.itemIndex]! })),
        grade_projection: grades.summary,
        statistics,
      },
    }, { dedupeKey: `cj-result:${batch.batchId}:${batch.createdAt}` });
  }
  if (comparisonsMade > 0) {
    w.emit(ResourceConsumptionTopic, {
      ...envelope,
      data: { user_id: batch.userId, org_id: batch.orgId, batch_id: batch.batchId, resource: "cj_comparison", quantity: comparisonsMade },
    }, { dedupeKey: `cj-consumption:${batch.batchId}:${batch.createdAt}` });
  }
  w.log.info("batch finalised", {
    status, finish_reason: reason, comparisons_made: comparisonsMade, ranked_essays: ranked.length, failed_essays: failed.length, grade_projection: grades.summary.status, uncertain_grades: grades.summary.uncertain_count,
    scale_separation_reliability: statistics.scale_separation_reliability, split_half_reliability: statistics.split_half_reliability,
  });
  return { status, comparisonsMade, reason };
}
