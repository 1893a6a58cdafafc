import { describe, expect, test } from "bun:test";
import { estimateComparisons, estimateCreditNeeds, insufficientCredits } from "../../src/domain/credit-estimate.ts";

describe("estimateComparisons", () => {
  test("the batch's budget, capped by the number of distinct pairs", () => {
    expect(estimateComparisons(12, 40, 12)).toBe(40);
    expect(estimateComparisons(4, 40, 12)).toBe(6);
    expect(estimateComparisons(1, 40, 12)).toBe(0);
  });
  test("without a budget, ⌈n × per item / 2⌉ as CJ plans it", () => {
    expect(estimateComparisons(15, null, 12)).toBe(90);
    expect(estimateComparisons(7, undefined, 3)).toBe(11);
    expect(estimateComparisons(5, undefined, 12)).toBe(10);
  });
});

describe("estimateCreditNeeds", () => {
  const options = { totalBudget: 20, comparisonsPerItem: 12 };
  test("LLM-spending pipelines name their resources; others need nothing", () => {
    expect(estimateCreditNeeds("cj_assessment", 10, options)).toEqual([{ resource: "cj_comparison", quantity: 20 }]);
    expect(estimateCreditNeeds("ai_feedback", 10, options)).toEqual([{ resource: "ai_feedback", quantity: 10 }]);
    expect(estimateCreditNeeds("comprehensive", 10, options)).toEqual([
      { resource: "cj_comparison", quantity: 20 }, { resource: "ai_feedback", quantity: 10 },
    ]);
    expect(estimateCreditNeeds("spellcheck", 10, options)).toEqual([]);
    expect(estimateCreditNeeds("nlp", 10, options)).toEqual([]);
  });
});

describe("insufficientCredits", () => {
  const cj = { resource: "cj_comparison" as const, quantity: 6 };
  const fb = { resource: "ai_feedback" as const, quantity: 4 };
  test("no answers, or allowed answers that fit together: no denial", () => {
    expect(insufficientCredits("nlp", 4, [])).toBeNull();
    expect(insufficientCredits("comprehensive", 4, [
      { need: cj, allowed: true, balance: 14, required: 6 }, { need: fb, allowed: true, balance: 14, required: 8 },
    ])).toBeNull();
  });
  test("a refused need or a combined excess denies with a readable message", () => {
    expect(insufficientCredits("cj_assessment", 4, [{ need: cj, allowed: false, balance: 5, required: 6 }])).toEqual({
      error_code: "INSUFFICIENT_CREDITS", compatibility_issue: "insufficient_credits",
      message: "Not enough credits to run cj_assessment on 4 essays: 6 needed (6 comparisons), 5 available",
    });
    expect(insufficientCredits("comprehensive", 1, [
      { need: cj, allowed: true, balance: 13, required: 6 }, { need: fb, allowed: true, balance: 13, required: 8 },
    ])?.message).toBe("Not enough credits to run comprehensive on 1 essay: 14 needed (6 comparisons + 4 feedback texts), 13 available");
  });
});
