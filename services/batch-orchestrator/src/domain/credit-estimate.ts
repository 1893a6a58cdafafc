import type * as v from "valibot";
import type { PipelineName } from "@shared/contracts/enums.ts";
import type { ConsumableResourceSchema } from "@shared/contracts/events/entitlements.ts";
import type { PipelineDenial } from "./pipeline-admission.ts";

export type ConsumableResource = v.InferOutput<typeof ConsumableResourceSchema>;

/** Units of one resource a pipeline is expected to spend. */
export interface CreditNeed {
  resource: ConsumableResource;
  quantity: number;
}

/** What entitlements said about one need. */
export interface CreditAnswer {
  need: CreditNeed;
  allowed: boolean;
  balance: number;
  required: number;
}

/**
 * Comparisons CJ will plan for `essays` essays: the batch's own budget, else ⌈n × perItem / 2⌉
 * (CJ's default rule), never more than the n(n−1)/2 distinct pairs.
 */
export function estimateComparisons(essays: number, totalBudget: number | null | undefined, comparisonsPerItem: number): number {
  const pairs = (essays * (essays - 1)) / 2;
  const budget = totalBudget ?? Math.ceil((essays * comparisonsPerItem) / 2);
  return Math.max(0, Math.min(budget, pairs));
}

/** The LLM-spending resources a requested pipeline needs; empty for pipelines without LLM calls. */
export function estimateCreditNeeds(
  pipeline: PipelineName, essays: number, options: { totalBudget?: number | null | undefined; comparisonsPerItem: number },
): CreditNeed[] {
  const cj: CreditNeed = { resource: "cj_comparison", quantity: estimateComparisons(essays, options.totalBudget, options.comparisonsPerItem) };
  const feedback: CreditNeed = { resource: "ai_feedback", quantity: essays };
  switch (pipeline) {
    case "cj_assessment": return [cj];
    case "ai_feedback": return [feedback];
    case "comprehensive": return [cj, feedback];
    default: return [];
  }
}

const UNIT: Record<ConsumableResource, string> = { cj_comparison: "comparisons", ai_feedback: "feedback texts" };

/**
 * Deny when any need is refused or, together, they exceed the balance (each check is answered
 * alone, against the same paying account).
 */
export function insufficientCredits(pipeline: PipelineName, essays: number, answers: readonly CreditAnswer[]): PipelineDenial | null {
  if (answers.length === 0) return null;
  const required = answers.reduce((sum, a) => sum + a.required, 0);
  const balance = Math.min(...answers.map((a) => a.balance));
  if (answers.every((a) => a.allowed) && balance >= required) return null;
  const parts = answers.map((a) => `${a.need.quantity} ${UNIT[a.need.resource]}`).join(" + ");
  return {
    error_code: "INSUFFICIENT_CREDITS",
    compatibility_issue: "insufficient_credits",
    message: `Not enough credits to run ${pipeline} on ${essays} essay${essays === 1 ? "" : "s"}: ${required} needed (${parts}), ${balance} available`,
  };
}
