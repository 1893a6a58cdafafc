import type { PipelineName } from "../api/types.ts";

/**
 * The credit estimate shown before a run, by the rule the batch orchestrator checks with: CJ plans
 * ⌈n × 12 / 2⌉ comparisons (at most every pair), feedback is one text per essay. Costs are the
 * entitlements defaults (1 a comparison, 2 a feedback text); the orchestrator's check is the final word.
 */
export const COSTS = { cj_comparison: 1, ai_feedback: 2 } as const;
const COMPARISONS_PER_ESSAY = 12;

export interface Estimate {
  comparisons: number;
  feedbackTexts: number;
  credits: number;
}

export function estimateCredits(pipeline: PipelineName, essays: number): Estimate {
  const pairs = (essays * (essays - 1)) / 2;
  const comparisons = pipeline === "cj_assessment" || pipeline === "comprehensive" ? Math.max(0, Math.min(Math.ceil((essays * COMPARISONS_PER_ESSAY) / 2), pairs)) : 0;
  const feedbackTexts = pipeline === "ai_feedback" || pipeline === "comprehensive" ? essays : 0;
  return { comparisons, feedbackTexts, credits: comparisons * COSTS.cj_comparison + feedbackTexts * COSTS.ai_feedback };
}
