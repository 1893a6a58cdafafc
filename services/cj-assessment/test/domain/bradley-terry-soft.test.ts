import { describe, expect, test } from "bun:test";
import { type Comparison, fitBradleyTerry } from "../../src/domain/bradley-terry.ts";
import { createRng } from "../../src/domain/random.ts";
import { spearman } from "../../src/domain/ranking.ts";
import { winnerProbability } from "../../src/domain/soft-outcome.ts";
import { latentQualities } from "./simulated-judge.ts";

const NEGLIGIBLE_PRIOR = { priorSd: 1e4 };

/** Independent reference: plain gradient ascent on the soft log-posterior (no Newton, no CG). */
function softGradientAscent(n: number, comparisons: readonly Comparison[], priorSd: number): number[] {
  const theta = new Array<number>(n).fill(0);
  for (let iter = 0; iter < 50000; iter++) {
    const grad = theta.map((t) => -t / priorSd ** 2);
    for (const { winner, loser, winnerProbability: p = 1 } of comparisons) {
      const r = p - 1 / (1 + Math.exp(theta[loser]! - theta[winner]!));
      grad[winner]! += r;
      grad[loser]! -= r;
    }
    for (let i = 0; i < n; i++) theta[i]! += 0.05 * grad[i]!;
    if (Math.max(...grad.map(Math.abs)) < 1e-11) break;
  }
  const mean = theta.reduce((s, t) => s + t, 0) / n;
  return theta.map((t) => t - mean);
}

describe("fitBradleyTerry with soft outcomes, hand-checked", () => {
  test("one verdict at p = 0.75: difference ln 3, SE √(4/3) (var(d) = 1/(3/16), score = d/2; no df for a dispersion)", () => {
    const fit = fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.75 }], NEGLIGIBLE_PRIOR);
    expect(fit.scores[0]! - fit.scores[1]!).toBeCloseTo(Math.log(3), 6);
    expect(fit.standardErrors[0]!).toBeCloseTo(Math.sqrt(4 / 3), 5);
    expect(fit.dispersion).toBe(1);
  });

  test("p = 0.75 once gives the same scores as a hard 3 of 4", () => {
    const soft = fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.75 }], NEGLIGIBLE_PRIOR);
    const hard = fitBradleyTerry(2, [{ winner: 0, loser: 1 }, { winner: 0, loser: 1 }, { winner: 0, loser: 1 }, { winner: 1, loser: 0 }], NEGLIGIBLE_PRIOR);
    expect(soft.scores[0]!).toBeCloseTo(hard.scores[0]!, 6);
  });

  test("one verdict at p = 0.8, prior sd 1: the MAP difference d solves 0.8 − σ(d) = d / 2", () => {
    const d = fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.8 }], { priorSd: 1 }).scores[0]! * 2;
    expect(Math.abs(0.8 - 1 / (1 + Math.exp(-d)) - d / 2)).toBeLessThan(1e-9);
    expect(d).toBeGreaterThan(0);
  });

  test("naming the other side with 1 − p is the same verdict; p = 0.5 says nothing about the order", () => {
    const a = fitBradleyTerry(3, [{ winner: 0, loser: 1, winnerProbability: 0.3 }, { winner: 1, loser: 2 }]);
    const b = fitBradleyTerry(3, [{ winner: 1, loser: 0, winnerProbability: 0.7 }, { winner: 1, loser: 2 }]);
    for (let i = 0; i < 3; i++) expect(a.scores[i]!).toBeCloseTo(b.scores[i]!, 7);
    const coin = fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.5 }]);
    expect(Math.abs(coin.scores[0]!)).toBeLessThan(1e-12);
  });

  test("dispersion: outcomes 0.9 and 0.6 around p̂ = 0.75 give χ²/df = 0.045/0.1875 = 0.24, so SE = √(2/3 · 0.24) = 0.4", () => {
    const fit = fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.9 }, { winner: 0, loser: 1, winnerProbability: 0.6 }], NEGLIGIBLE_PRIOR);
    expect(fit.scores[0]! - fit.scores[1]!).toBeCloseTo(Math.log(3), 6);
    expect(fit.dispersion).toBeCloseTo(0.24, 6);
    expect(fit.standardErrors[0]!).toBeCloseTo(0.4, 5);
    // The Bernoulli information alone (dispersion "model") would say √(2/3).
    expect(fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.9 }, { winner: 0, loser: 1, winnerProbability: 0.6 }], { ...NEGLIGIBLE_PRIOR, dispersion: "model" }).standardErrors[0]!)
      .toBeCloseTo(Math.sqrt(2 / 3), 5);
  });

  test("hard verdicts keep the model SEs unless asked; asked, a hard 3 of 4 has χ² = 4 on 3 df", () => {
    const threeOfFour: Comparison[] = [{ winner: 0, loser: 1 }, { winner: 0, loser: 1 }, { winner: 0, loser: 1 }, { winner: 1, loser: 0 }];
    expect(fitBradleyTerry(2, threeOfFour, NEGLIGIBLE_PRIOR).dispersion).toBe(1);
    const estimated = fitBradleyTerry(2, threeOfFour, { ...NEGLIGIBLE_PRIOR, dispersion: "estimated" });
    expect(estimated.dispersion).toBeCloseTo(4 / 3, 6);
    expect(estimated.standardErrors[0]!).toBeCloseTo(Math.sqrt((1 / 3) * (4 / 3)), 5);
  });

  test("rejects a probability outside [0, 1]", () => {
    expect(() => fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 1.2 }])).toThrow(RangeError);
    expect(() => fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: Number.NaN }])).toThrow(RangeError);
  });
});

describe("fitBradleyTerry with soft outcomes on a simulated batch", () => {
  const rng = createRng(77);
  const n = 30;
  const truth = latentQualities(n, rng, 2);
  const comparisons: Comparison[] = [];
  for (let k = 0; k < 300; k++) {
    const a = Math.floor(rng() * n);
    const b = (a + 1 + Math.floor(rng() * (n - 1))) % n;
    const p = 1 / (1 + Math.exp(truth[b]! - truth[a]!));
    comparisons.push(p >= 0.5 ? { winner: a, loser: b, winnerProbability: p } : { winner: b, loser: a, winnerProbability: 1 - p });
  }

  test("agrees with an independent gradient-ascent fit of the same posterior", () => {
    const fit = fitBradleyTerry(n, comparisons);
    const reference = softGradientAscent(n, comparisons, 3);
    expect(Math.max(...fit.scores.map((s, i) => Math.abs(s - reference[i]!)))).toBeLessThan(1e-6);
  });

  test("noise-free probabilities recover the truth almost exactly and the dispersion says so", () => {
    const fit = fitBradleyTerry(n, comparisons);
    expect(spearman(fit.scores, truth)).toBeGreaterThan(0.99);
    expect(fit.dispersion).toBeLessThan(0.1);
  });
});

describe("winnerProbability", () => {
  test("clamps the judge's confidence to [0.5, 0.99]; no confidence is a hard outcome", () => {
    expect(winnerProbability(0.8)).toBe(0.8);
    expect(winnerProbability(0.5)).toBe(0.5);
    expect(winnerProbability(0.2)).toBe(0.5);
    expect(winnerProbability(1)).toBe(0.99);
    expect(winnerProbability(null)).toBeUndefined();
    expect(winnerProbability(undefined)).toBeUndefined();
    expect(winnerProbability(Number.NaN)).toBeUndefined();
  });
});
