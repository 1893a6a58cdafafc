import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { CJBatchStatisticsSchema } from "./cj-results.ts";
import { ResultStatusSchema } from "./essay-ref.ts";

/** One essay's place in the comparative-judgement ranking (the CJ team owns what goes here). */
export const CJRankingSchema = v.object({
  essay_id: v.string(),
  rank: v.number(),
  score: v.number(),
  standard_error: v.number(),
  grade: v.nullish(v.string()),
});

/**
 * cj-assessment → ELS (and RAS): a batch's comparative judgement finished.
 * Every essay of the request should appear in `essay_outcomes`; ELS counts an essay left out as failed.
 */
export const CJAssessmentCompletedTopic = defineTopic(
  "huleedu.cj_assessment.completed.v1",
  v.object({
    batch_id: v.string(),
    status: ResultStatusSchema,
    essay_outcomes: v.array(v.object({ essay_id: v.string(), status: ResultStatusSchema })),
    rankings: v.optional(v.array(CJRankingSchema)),
    /** Comparisons spent and reliability of the scale; absent from producers that predate it. */
    statistics: v.optional(CJBatchStatisticsSchema),
  }),
);
