import { describe, expect, test } from "bun:test";
import { type Comparison, fitBradleyTerry } from "../../src/domain/bradley-terry.ts";
import { createRng } from "../../src/domain/random.ts";
import { spearman } from "../../src/domain/ranking.ts";
import { expectedRankAgreement } from "../../src/domain/reliability.ts";
import { fitScale } from "../../src/domain/scale-fit.ts";
import { latentQualities, randomComparisons } from "./simulated-judge.ts";

describe("fitScale", () => {
  test("estimates the spread of a batch's abilities (latent sd 2, random pairs)", () => {
    const rng = createRng(11);
    const truth = latentQualities(40, rng, 2);
    const fit = fitScale(40, randomComparisons(truth, 800, rng));
    expect(fit.spreadEstimated).toBe(true);
    expect(fit.spread).toBeGreaterThan(1.5);
    expect(fit.spread).toBeLessThan(2.7);
    expect(spearman(fit.scores, truth)).toBeGreaterThan(0.9);
  });

  test("a batch of equals: the spread collapses and the fit admits it cannot order them, where a fixed wide prior claims it can", () => {
    const rng = createRng(12);
    const comparisons = randomComparisons(new Array<number>(30).fill(0), 240, rng);
    const scale = fitScale(30, comparisons);
    const fixed = fitBradleyTerry(30, comparisons);
    expect(scale.spread).toBeLessThan(0.5); // at the floor of the search (0.3)
    expect(expectedRankAgreement(scale).spearman).toBeLessThan(0.5);
    expect(expectedRankAgreement(fixed).spearman).toBeGreaterThan(expectedRankAgreement(scale).spearman + 0.2);
  });

  test("the spread found is the best of its neighbours (golden-section search on the evidence)", () => {
    const rng = createRng(13);
    const truth = latentQualities(20, rng, 1.5);
    const comparisons = randomComparisons(truth, 200, rng);
    const fit = fitScale(20, comparisons);
    // At the optimum the fit equals a plain fit with that prior SD (hard verdicts: no dispersion).
    const same = fitBradleyTerry(20, comparisons, { priorSd: fit.spread });
    for (let i = 0; i < 20; i++) expect(fit.scores[i]!).toBeCloseTo(same.scores[i]!, 6);
    expect(fit.dispersion).toBe(1);
  });

  test("soft outcomes: a quasi-likelihood with their dispersion; SEs are the model SEs scaled by √φ", () => {
    const rng = createRng(14);
    const truth = latentQualities(25, rng, 2);
    const comparisons: Comparison[] = randomComparisons(truth, 250, rng).map((c) => {
      const p = 1 / (1 + Math.exp(truth[c.loser]! - truth[c.winner]!));
      return p >= 0.5 ? { ...c, winnerProbability: Math.min(0.99, p) } : { winner: c.loser, loser: c.winner, winnerProbability: Math.min(0.99, 1 - p) };
    });
    const fit = fitScale(25, comparisons);
    expect(fit.dispersion).toBeLessThan(0.5);
    const model = fitBradleyTerry(25, comparisons, { priorSd: fit.spread / Math.sqrt(fit.dispersion), dispersion: "model" });
    for (let i = 0; i < 25; i++) expect(fit.standardErrors[i]!).toBeCloseTo(model.standardErrors[i]! * Math.sqrt(fit.dispersion), 6);
    expect(spearman(fit.scores, truth)).toBeGreaterThan(0.95);
  });

  test("large batches, tiny batches and empty ones keep the fixed prior", () => {
    const rng = createRng(15);
    const truth = latentQualities(12, rng, 2);
    const comparisons = randomComparisons(truth, 60, rng);
    const capped = fitScale(12, comparisons, { maxItemsForSpread: 10 });
    expect(capped.spreadEstimated).toBe(false);
    expect(capped.scores).toEqual(fitBradleyTerry(12, comparisons, { priorSd: 3 }).scores);
    expect(fitScale(2, [{ winner: 0, loser: 1 }]).spreadEstimated).toBe(false);
    expect(fitScale(5, []).scores).toEqual([0, 0, 0, 0, 0]);
  });
});
