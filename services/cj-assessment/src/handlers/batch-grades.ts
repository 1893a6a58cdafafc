import type { CJGradeProjectionSummary } from "@shared/contracts/events/cj-results.ts";
import type { ScoreEstimate } from "../domain/bradley-terry.ts";
import { type GradeProjection, projectBatchGrades } from "../domain/grade-projection.ts";
import { getGradeScale } from "../domain/grade-scales.ts";
import type { ItemRow } from "../db/batch-store.ts";

export interface BatchGrades {
  readonly byItem: ReadonlyMap<number, GradeProjection>;
  readonly summary: CJGradeProjectionSummary;
}

/**
 * The grade part of finalisation: project grades for the ranked essays from the compared anchors,
 * or say why there are none (no anchors for the assignment, or no grade scale).
 */
export function batchGrades(fit: ScoreEstimate, essays: readonly ItemRow[], anchors: readonly ItemRow[], scaleId: string | null): BatchGrades {
  const scale = scaleId ? getGradeScale(scaleId) : undefined;
  const none = (status: "no_anchors" | "no_grade_scale", message: string): BatchGrades => ({
    byItem: new Map(),
    summary: { status, message, anchors_used: 0, distribution: {}, uncertain_count: 0, boundaries: [] },
  });
  if (anchors.length === 0) {
    return none("no_anchors", "No graded anchors took part, so essays are ranked but not graded. Add anchors for the assignment (POST /v1/assignments/{assignment_id}/anchors) to get grades.");
  }
  if (!scale) return none("no_grade_scale", "The batch has no known grade scale, so essays are ranked but not graded.");
  const projection = projectBatchGrades(fit, anchors.map((a) => ({ item: a.itemIndex, grade: a.grade! })), scale, essays.map((e) => e.itemIndex));
  const flagged = projection.uncertainCount;
  return {
    byItem: new Map(projection.projections.map((p) => [p.item, p])),
    summary: {
      status: "projected",
      message: `Grades projected from ${anchors.length} anchors on ${scale.displayName}; ${flagged} of ${essays.length} essays are uncertain and worth a look.`,
      anchors_used: anchors.length,
      distribution: { ...projection.distribution },
      uncertain_count: flagged,
      boundaries: projection.boundaries.map((b) => ({ lower_grade: b.lowerGrade, upper_grade: b.upperGrade, score: b.score, standard_error: b.standardError })),
    },
  };
}
