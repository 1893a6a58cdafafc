import { describe, expect, test } from "bun:test";
import { rankByScore, spearman } from "../../src/domain/ranking.ts";

describe("rankByScore", () => {
  test("rank 1 is the highest score; ties share the mean rank", () => {
    expect(rankByScore([0.2, 1.5, -0.3])).toEqual([2, 1, 3]);
    expect(rankByScore([1, 3, 3, 0])).toEqual([3, 1.5, 1.5, 4]);
    expect(rankByScore([])).toEqual([]);
  });
});

describe("spearman", () => {
  test("monotone relations give ±1; a hand-computed case matches 1 − 6Σd²/(n(n²−1))", () => {
    expect(spearman([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // Ranks (1,2,3,4,5) vs (2,1,4,3,5): Σd² = 4 → 1 − 24/120 = 0.8.
    expect(spearman([5, 4, 3, 2, 1], [4, 5, 2, 3, 1])).toBeCloseTo(0.8, 12);
    expect(() => spearman([1], [1, 2])).toThrow(RangeError);
  });
});
