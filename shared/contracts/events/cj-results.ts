import * as v from "valibot";
import { defineTopic } from "../topics.ts";

/**
 * Why a comparative-judgement batch stopped asking for comparisons. `precision_reached`: the fit
 * expects its order to match the truth well enough. `scores_stable` is no longer produced (the
 * former score-stability rule); it stays valid so earlier events still parse.
 */
export const CJFinishReasonSchema = v.picklist(["budget_reached", "precision_reached", "pairs_exhausted", "scores_stable"]);
export type CJFinishReason = v.InferOutput<typeof CJFinishReasonSchema>;

/** How much a batch's comparative judgement spent and how reliable its scale is. */
export const CJBatchStatisticsSchema = v.object({
  /** Comparisons answered with a winner; error results never count. */
  comparisons_made: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Mean valid comparisons per compared item (essays and anchors): 2 × comparisons / items. */
  comparisons_per_essay: v.pipe(v.number(), v.minValue(0)),
  /** Comparisons whose judge confidence entered the fit as a soft outcome. */
  soft_outcomes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Scale separation reliability (var − mean SE²) / var; inflated by adaptive pairing. */
  scale_separation_reliability: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** Spearman–Brown corrected correlation of two fits on random halves of the comparisons; null when too few. */
  split_half_reliability: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** The fit's expected Spearman ρ between its order and the true order (what completion reads). */
  expected_rank_agreement: v.pipe(v.number(), v.minValue(-1), v.maxValue(1)),
});
export type CJBatchStatistics = v.InferOutput<typeof CJBatchStatisticsSchema>;

/** One batch essay on the fitted scale; rank 1 is the best essay (anchors are not ranked). */
export const CJEssayResultSchema = v.object({
  essay_id: v.string(),
  rank: v.number(),
  /** Bradley–Terry log-ability, centred over the batch's items (anchors included). */
  score: v.number(),
  standard_error: v.number(),
  /** Projected grade; null when the assignment has no anchors or no grade scale. */
  grade: v.nullish(v.string()),
  /** Probability of each grade of the scale; empty without a projection. */
  grade_probabilities: v.record(v.string(), v.number()),
  /** The projected grade is uncertain: a teacher should look. Absent without a projection (and from older producers). */
  grade_uncertain: v.optional(v.boolean()),
  is_anchor: v.literal(false),
});
export type CJEssayResult = v.InferOutput<typeof CJEssayResultSchema>;

/** An anchor essay that took part in the batch's comparisons, with its known grade. */
export const CJAnchorResultSchema = v.object({
  anchor_id: v.string(),
  grade: v.string(),
  score: v.number(),
});

/** Why a batch got grades or not: `projected`, or no grade because it had no anchors / no scale. */
export const CJGradeProjectionStatusSchema = v.picklist(["projected", "no_anchors", "no_grade_scale"]);

/** The batch's grade projection: boundaries on the fitted scale, grade distribution, how many essays are flagged. */
export const CJGradeProjectionSummarySchema = v.object({
  status: CJGradeProjectionStatusSchema,
  /** A sentence for the teacher, e.g. why there are no grades. */
  message: v.string(),
  /** Anchors (compared) that calibrated the boundaries. */
  anchors_used: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Essays per projected grade, every grade of the scale present; empty without a projection. */
  distribution: v.record(v.string(), v.number()),
  /** Essays whose grade is flagged uncertain. */
  uncertain_count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Boundary between neighbouring grades on the Bradley–Terry scale, with its posterior SD. */
  boundaries: v.array(v.object({ lower_grade: v.string(), upper_grade: v.string(), score: v.number(), standard_error: v.number() })),
});
export type CJGradeProjectionSummary = v.InferOutput<typeof CJGradeProjectionSummarySchema>;

/**
 * cj-assessment → RAS: the full result of a batch's comparative judgement. Published once per batch
 * (outbox dedupe key), after the phase outcome to ELS.
 */
export const AssessmentResultPublishedTopic = defineTopic(
  "huleedu.cj_assessment.result.published.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    assignment_id: v.nullish(v.string()),
    grade_scale: v.nullish(v.string()),
    /** Comparisons answered with a winner; error results never count. */
    comparisons_made: v.pipe(v.number(), v.integer(), v.minValue(0)),
    finish_reason: CJFinishReasonSchema,
    essays: v.array(CJEssayResultSchema),
    anchors: v.array(CJAnchorResultSchema),
    /** Absent from producers older than the ordinal projection. */
    grade_projection: v.optional(CJGradeProjectionSummarySchema),
    /** Absent from producers that predate it. */
    statistics: v.optional(CJBatchStatisticsSchema),
  }),
);
