import type { FeedbackEvidence } from "@shared/contracts/feedback.ts";

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Where the batch's comparative judgement placed the essay, when ai-feedback sent it (metrics
 * `cj_rank` of `cj_ranked_essays`, rank 1 the best, and `cj_score_z`): the share of the batch's
 * other essays ranked below it (1 = first, 0 = last; 0.5 the middle), its score in SDs of the
 * batch's as z. Null when CJ did not rank the essay in this pipeline.
 * @example cjPositionEvidence({ cj_rank: 1, cj_ranked_essays: 5 })?.value // 1
 */
export function cjPositionEvidence(metrics: Readonly<Record<string, number>>): FeedbackEvidence | null {
  const rank = metrics.cj_rank;
  const n = metrics.cj_ranked_essays;
  if (rank === undefined || n === undefined || n < 2 || rank < 1 || rank > n) return null;
  const z = metrics.cj_score_z;
  return { signal: "cj_percentile", value: round((n - rank) / (n - 1)), expected: 0.5, z: z === undefined ? null : round(z), source: "cj" };
}
