import * as v from "valibot";
import { defineTopic } from "../topics.ts";

/** Why a comparative-judgement batch stopped asking for comparisons. */
export const CJFinishReasonSchema = v.picklist(["budget_reached", "scores_stable", "pairs_exhausted"]);
export type CJFinishReason = v.InferOutput<typeof CJFinishReasonSchema>;

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
  is_anchor: v.literal(false),
});
export type CJEssayResult = v.InferOutput<typeof CJEssayResultSchema>;

/** An anchor essay that took part in the batch's comparisons, with its known grade. */
export const CJAnchorResultSchema = v.object({
  anchor_id: v.string(),
  grade: v.string(),
  score: v.number(),
});

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
  }),
);
