import { describe, expect, test } from "bun:test";
import { agreementRate, averageRanks, mean, quadraticWeightedKappa, spearman } from "./agreement.ts";

describe("spearman", () => {
  test("perfect, reversed and undefined cases", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 35, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2], [1, 2])).toBeUndefined();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeUndefined();
  });

  test("ties get average ranks (worked by hand)", () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    // y = [1,2,2,3,1] → ranks 1.5,3.5,3.5,5,1.5; deviations from 3: x −2..2, y −1.5,.5,.5,2,−1.5
    // Σdxdy = 1.5, Σdx² = 10, Σdy² = 9 → ρ = 1.5/√90 ≈ 0.158
    expect(spearman([1, 2, 3, 4, 5], [1, 2, 2, 3, 1]) as number).toBeCloseTo(1.5 / Math.sqrt(90), 10);
  });
});

describe("quadraticWeightedKappa", () => {
  test("full agreement is 1, full reversal on a 3-band scale is -1", () => {
    expect(quadraticWeightedKappa([1, 2, 3], [1, 2, 3], { min: 1, max: 3 })).toBeCloseTo(1, 12);
    expect(quadraticWeightedKappa([1, 3], [3, 1], { min: 1, max: 3 })).toBeCloseTo(-1, 12);
  });

  test("a worked 2×2 case", () => {
    // O = [[1,1],[0,2]]; rows 2,2; cols 1,3; w off-diagonal 1. Σw·O = 1, Σw·E = (2·3 + 2·1)/4 = 2 → κ = 0.5
    expect(quadraticWeightedKappa([0, 0, 1, 1], [0, 1, 1, 1], { min: 0, max: 1 })).toBeCloseTo(0.5, 12);
  });

  test("one-band ranges and no pairs are undefined; a band outside the range is an error", () => {
    expect(quadraticWeightedKappa([2, 2], [2, 2], { min: 2, max: 2 })).toBeUndefined();
    expect(quadraticWeightedKappa([], [], { min: 1, max: 5 })).toBeUndefined();
    expect(quadraticWeightedKappa([2, 2], [2, 2], { min: 1, max: 5 })).toBeUndefined();
    expect(() => quadraticWeightedKappa([7], [1], { min: 1, max: 5 })).toThrow(/outside/);
  });
});

test("agreement rates and mean", () => {
  expect(agreementRate([1, 2, 3, 5], [1, 3, 3, 3], 0)).toBe(0.5);
  expect(agreementRate([1, 2, 3, 5], [1, 3, 3, 3], 1)).toBe(0.75);
  expect(agreementRate([], [], 1)).toBeUndefined();
  expect(mean([1, undefined, 3])).toBe(2);
  expect(mean([undefined])).toBeUndefined();
});
