import { describe, expect, test } from "bun:test";
import {
  type CompletionState,
  comparisonCounts,
  decideCompletion,
  maxScoreChange,
} from "../../src/domain/completion.ts";
import { comparisonBudget } from "../../src/domain/pairing.ts";

const base: CompletionState = {
  validComparisons: 0,
  budget: 100,
  pendingCallbacks: 0,
  issuablePairs: 50,
  expectedRankAgreement: null,
  minComparisonsPerItem: 0,
};

describe("decideCompletion", () => {
  test("a 4-essay batch finishes when its 6 comparisons are back, whatever the global budget", () => {
    const budget = comparisonBudget(4, 350);
    const state = { ...base, budget, issuablePairs: 0, minComparisonsPerItem: 3 };
    expect(decideCompletion({ ...state, validComparisons: 5, pendingCallbacks: 1 })).toEqual({ kind: "wait_for_callbacks" });
    expect(decideCompletion({ ...state, validComparisons: 6 })).toEqual({ kind: "finish", reason: "budget_reached" });
  });

  test("the budget counts valid results only: an error result leaves the batch open", () => {
    const results = [
      { winner: 0, loser: 1 },
      { winner: 2, loser: 3 },
      { winner: null, loser: null }, // error result
    ];
    const counts = comparisonCounts(4, results);
    const valid = counts.reduce((s, c) => s + c, 0) / 2;
    expect(valid).toBe(2);
    const decision = decideCompletion({ ...base, budget: 3, validComparisons: valid, issuablePairs: 1 });
    expect(decision).toEqual({ kind: "continue" });
  });

  test("once the budget is reached, pending retries do not hold the batch open", () => {
    expect(decideCompletion({ ...base, validComparisons: 100, pendingCallbacks: 4 })).toEqual({
      kind: "finish",
      reason: "budget_reached",
    });
  });

  test("finishes early when the fit expects its order to match the truth well enough and every item has enough comparisons", () => {
    const policy = { targetRankAgreement: 0.9, minComparisonsPerItem: 4 };
    const precise = { ...base, validComparisons: 40, expectedRankAgreement: 0.92, minComparisonsPerItem: 5 };
    expect(decideCompletion(precise, policy)).toEqual({ kind: "finish", reason: "precision_reached" });
    expect(decideCompletion({ ...precise, expectedRankAgreement: 0.9 }, policy)).toEqual({ kind: "finish", reason: "precision_reached" });
    expect(decideCompletion({ ...precise, minComparisonsPerItem: 3 }, policy)).toEqual({ kind: "continue" });
    expect(decideCompletion({ ...precise, expectedRankAgreement: 0.89 }, policy)).toEqual({ kind: "continue" });
    expect(decideCompletion({ ...precise, expectedRankAgreement: null }, policy)).toEqual({ kind: "continue" });
    expect(decideCompletion(precise, { ...policy, targetRankAgreement: 0.95 })).toEqual({ kind: "continue" });
    // The default policy asks for more precision and more comparisons per item.
    expect(decideCompletion(precise)).toEqual({ kind: "continue" });
    expect(decideCompletion({ ...precise, expectedRankAgreement: 0.95, minComparisonsPerItem: 6 })).toEqual({ kind: "finish", reason: "precision_reached" });
  });

  test("waits for the round's callbacks before judging precision", () => {
    const state = { ...base, validComparisons: 40, expectedRankAgreement: 0.999, minComparisonsPerItem: 8, pendingCallbacks: 2 };
    expect(decideCompletion(state)).toEqual({ kind: "wait_for_callbacks" });
  });

  test("finishes instead of stalling when nothing is pending and nothing is left to ask", () => {
    const state = { ...base, validComparisons: 97, issuablePairs: 0 };
    expect(decideCompletion(state)).toEqual({ kind: "finish", reason: "pairs_exhausted" });
  });
});

describe("maxScoreChange and comparisonCounts", () => {
  test("largest absolute change between two fits", () => {
    expect(maxScoreChange([0.5, -0.5, 0], [0.4, -0.2, 0.1])).toBeCloseTo(0.3, 12);
    expect(() => maxScoreChange([0], [0, 1])).toThrow(RangeError);
  });

  test("counts valid comparisons per item and rejects unknown items", () => {
    expect(comparisonCounts(3, [{ winner: 0, loser: 1 }, { winner: 0, loser: 2 }])).toEqual([2, 1, 1]);
    expect(() => comparisonCounts(2, [{ winner: 0, loser: 2 }])).toThrow(RangeError);
  });
});
