/** The LLM-spending resources a pipeline needs (entitlements prices them). */
export interface CreditNeed {
  resource: "cj_comparison" | "ai_feedback";
  quantity: number;
}

/**
 * The same rule the batch orchestrator checks with before a run (its domain/credit-estimate.ts):
 * CJ plans the batch's budget, else ⌈n × perItem / 2⌉ comparisons, never more than the n(n−1)/2
 * pairs; feedback is one text per essay. Kept in step by tests on both sides.
 */
export function pipelineCreditNeeds(pipeline: string, essays: number, totalBudget: number | null | undefined, comparisonsPerItem: number): CreditNeed[] {
  const pairs = (essays * (essays - 1)) / 2;
  const comparisons = Math.max(0, Math.min(totalBudget ?? Math.ceil((essays * comparisonsPerItem) / 2), pairs));
  const cj: CreditNeed = { resource: "cj_comparison", quantity: comparisons };
  const feedback: CreditNeed = { resource: "ai_feedback", quantity: essays };
  if (pipeline === "cj_assessment") return [cj];
  if (pipeline === "ai_feedback") return [feedback];
  if (pipeline === "comprehensive") return [cj, feedback];
  return [];
}
