import { describe, expect, test } from "bun:test";
import { type Comparison, fitBradleyTerry } from "../../src/domain/bradley-terry.ts";
import { createRng } from "../../src/domain/random.ts";
import { expectedRankAgreement, normalCdf, scaleSeparationReliability, splitHalfReliability } from "../../src/domain/reliability.ts";
import { latentQualities, randomComparisons } from "./simulated-judge.ts";

describe("scaleSeparationReliability", () => {
  test("(var − mean SE²) / var by hand: scores −2, 0, 2 (var 4) with SE 1 give 0.75", () => {
    expect(scaleSeparationReliability({ scores: [-2, 0, 2], standardErrors: [1, 1, 1] })).toBeCloseTo(0.75, 12);
    expect(scaleSeparationReliability({ scores: [-2, 0, 2], standardErrors: [0, 0, 0] })).toBe(1);
  });

  test("is 0 when the errors swamp the spread, when nothing is spread, and for a single item", () => {
    expect(scaleSeparationReliability({ scores: [-1, 1], standardErrors: [3, 3] })).toBe(0);
    expect(scaleSeparationReliability({ scores: [0, 0, 0], standardErrors: [1, 1, 1] })).toBe(0);
    expect(scaleSeparationReliability({ scores: [0], standardErrors: [1] })).toBe(0);
  });
});

describe("expectedRankAgreement", () => {
  test("two items 2 apart with SE 1 each: P(order right) = Φ(2/√2) = 0.92135, τ = 0.8427, ρ = 0.9667", () => {
    const agreement = expectedRankAgreement({ scores: [1, -1], standardErrors: [1, 1] });
    expect(agreement.kendallTau).toBeCloseTo(0.8427008, 6);
    expect(agreement.spearman).toBeCloseTo(0.9666778, 6);
    expect(agreement.meanMisorderedPerItem).toBeCloseTo(0.0786496, 6);
  });

  test("certain order gives 1; no information gives 0; more uncertainty gives less", () => {
    expect(expectedRankAgreement({ scores: [-3, 0, 3], standardErrors: [0, 0, 0] }).spearman).toBeCloseTo(1, 9);
    expect(expectedRankAgreement({ scores: [0, 0, 0], standardErrors: [1, 1, 1] }).spearman).toBeCloseTo(0, 6);
    const sharp = expectedRankAgreement({ scores: [-1, 0, 1], standardErrors: [0.3, 0.3, 0.3] }).spearman;
    const vague = expectedRankAgreement({ scores: [-1, 0, 1], standardErrors: [0.9, 0.9, 0.9] }).spearman;
    expect(sharp).toBeGreaterThan(vague);
  });

  test("normalCdf matches known values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
  });
});

describe("splitHalfReliability", () => {
  const rng = createRng(5);
  const n = 30;

  test("high for a well-measured spread batch, near 0 when every verdict is a coin toss", () => {
    const truth = latentQualities(n, rng, 2);
    const informative = splitHalfReliability(n, randomComparisons(truth, 600, rng), createRng(1))!;
    expect(informative).toBeGreaterThan(0.85);
    const noise = splitHalfReliability(n, randomComparisons(new Array<number>(n).fill(0), 600, rng), createRng(1))!;
    expect(noise).toBeLessThan(0.3);
  });

  test("the same seed gives the same figure; soft outcomes are split like hard ones", () => {
    const truth = latentQualities(n, rng, 2);
    const comparisons: Comparison[] = randomComparisons(truth, 200, rng).map((c) => ({ ...c, winnerProbability: 0.8 }));
    const first = splitHalfReliability(n, comparisons, createRng(9));
    expect(first).toBe(splitHalfReliability(n, comparisons, createRng(9)));
    expect(first!).toBeGreaterThan(0);
    expect(first!).toBeLessThanOrEqual(1);
  });

  test("Spearman–Brown: one split of a perfectly repeated design steps r up as 2r / (1 + r)", () => {
    // Each half holds the same verdicts, so the two half fits agree exactly: r = 1 → 1.
    const half: Comparison[] = [{ winner: 0, loser: 1 }, { winner: 1, loser: 2 }, { winner: 0, loser: 2 }];
    const twice = [...half, ...half];
    const fit = fitBradleyTerry(3, half);
    expect(fit.scores[0]!).toBeGreaterThan(fit.scores[2]!);
    const r = splitHalfReliability(3, twice, () => 0.999999, { splits: 1 })!; // this rng keeps the order: halves = copies
    expect(r).toBeCloseTo(1, 5);
  });

  test("null when there is too little to split", () => {
    expect(splitHalfReliability(2, [{ winner: 0, loser: 1 }], rng)).toBeNull();
    expect(splitHalfReliability(5, [{ winner: 0, loser: 1 }, { winner: 1, loser: 2 }], rng)).toBeNull();
  });
});
