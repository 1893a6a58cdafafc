import { describe, expect, test } from "bun:test";
import { type Comparison, fitBradleyTerry } from "../../src/domain/bradley-terry.ts";
import { createRng } from "../../src/domain/random.ts";
import { spearman } from "../../src/domain/ranking.ts";
import { latentQualities, randomComparisons } from "./simulated-judge.ts";

function times(k: number, c: Comparison): Comparison[] {
  return Array.from({ length: k }, () => c);
}

/** Independent reference: plain gradient ascent on the same log-posterior (no Newton, no CG). */
function gradientAscentFit(n: number, comparisons: readonly Comparison[], priorSd: number): number[] {
  const theta = new Array<number>(n).fill(0);
  const degree = new Array<number>(n).fill(0);
  for (const c of comparisons) {
    degree[c.winner]!++;
    degree[c.loser]!++;
  }
  const rate = 1 / (0.5 * Math.max(...degree) + 1 / priorSd ** 2); // below 2/λmax of the Hessian
  for (let iter = 0; iter < 20000; iter++) {
    const grad = theta.map((t) => -t / priorSd ** 2);
    for (const { winner, loser } of comparisons) {
      const r = 1 - 1 / (1 + Math.exp(theta[loser]! - theta[winner]!));
      grad[winner]! += r;
      grad[loser]! -= r;
    }
    for (let i = 0; i < n; i++) theta[i]! += rate * grad[i]!;
    if (Math.max(...grad.map(Math.abs)) < 1e-10) break;
  }
  const mean = theta.reduce((s, t) => s + t, 0) / n;
  return theta.map((t) => t - mean);
}

describe("fitBradleyTerry, hand-checked cases", () => {
  const threeOfFour = [...times(3, { winner: 0, loser: 1 }), { winner: 1, loser: 0 }];

  test("A beats B 3 of 4: score difference close to ln 3 under the default weak prior", () => {
    const fit = fitBradleyTerry(2, threeOfFour);
    const difference = fit.scores[0]! - fit.scores[1]!;
    expect(fit.converged).toBe(true);
    expect(Math.abs(difference - Math.log(3))).toBeLessThan(0.1);
    expect(difference).toBeLessThan(Math.log(3)); // the prior shrinks, never inflates
  });

  test("with a negligible prior: difference = ln 3 and SE = sqrt(1/3) (var(d) = 1/(4·3/16), score = d/2)", () => {
    const fit = fitBradleyTerry(2, threeOfFour, { priorSd: 1e4 });
    expect(fit.scores[0]! - fit.scores[1]!).toBeCloseTo(Math.log(3), 6);
    expect(fit.standardErrors[0]!).toBeCloseTo(Math.sqrt(1 / 3), 5);
    expect(fit.standardErrors[1]!).toBeCloseTo(Math.sqrt(1 / 3), 5);
  });

  test("one win, prior sd 1: the MAP difference d solves 1 − σ(d) = d / 2", () => {
    const d = fitBradleyTerry(2, [{ winner: 0, loser: 1 }], { priorSd: 1 }).scores[0]! * 2;
    expect(Math.abs(1 - 1 / (1 + Math.exp(-d)) - d / 2)).toBeLessThan(1e-9);
  });

  test("symmetric results give equal scores", () => {
    const cycle = fitBradleyTerry(3, [
      { winner: 0, loser: 1 },
      { winner: 1, loser: 2 },
      { winner: 2, loser: 0 },
    ]);
    for (const s of cycle.scores) expect(Math.abs(s)).toBeLessThan(1e-9);
    expect(cycle.standardErrors[0]!).toBeCloseTo(cycle.standardErrors[2]!, 9);
    const split = fitBradleyTerry(2, [...times(2, { winner: 0, loser: 1 }), ...times(2, { winner: 1, loser: 0 })]);
    expect(split.scores[0]!).toBeCloseTo(0, 9);
  });

  test("balanced round robin: SE matches the closed form sqrt((1 − 1/n) / (k·n/4 + 1/τ²))", () => {
    const n = 5;
    const k = 4; // each pair 4 times, split 2–2, so all scores are 0 and p = 1/2
    const comparisons: Comparison[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        comparisons.push(...times(k / 2, { winner: i, loser: j }), ...times(k / 2, { winner: j, loser: i }));
      }
    }
    const expected = Math.sqrt((1 - 1 / n) / ((k * n) / 4 + 1 / 9));
    const fit = fitBradleyTerry(n, comparisons);
    expect(fit.seMethod).toBe("exact");
    for (const se of fit.standardErrors) expect(se).toBeCloseTo(expected, 9);
    // Above the exact limit the diagonal approximation 1/sqrt(H_ii) is used and documented as such.
    const approx = fitBradleyTerry(n, comparisons, { exactSeMaxItems: 2 });
    expect(approx.seMethod).toBe("diagonal");
    expect(approx.standardErrors[0]!).toBeCloseTo(1 / Math.sqrt((k * (n - 1)) / 4 + 1 / 9), 9);
  });

  test("an item without comparisons sits at the mean with SE τ·sqrt(1 − 1/n)", () => {
    const fit = fitBradleyTerry(3, [{ winner: 0, loser: 1 }]);
    expect(fit.scores[2]!).toBeCloseTo(0, 9);
    expect(fit.standardErrors[2]!).toBeCloseTo(3 * Math.sqrt(2 / 3), 6);
  });

  test("perfect separation stays finite and keeps the order", () => {
    const comparisons: Comparison[] = [];
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) comparisons.push(...times(5, { winner: i, loser: j }));
    const fit = fitBradleyTerry(6, comparisons);
    expect(fit.converged).toBe(true);
    for (const s of fit.scores) expect(Number.isFinite(s) && Math.abs(s) < 15).toBe(true);
    for (let i = 1; i < 6; i++) expect(fit.scores[i - 1]!).toBeGreaterThan(fit.scores[i]!);
    for (const se of fit.standardErrors) expect(se > 0 && Number.isFinite(se)).toBe(true);
  });

  test("scores are centred at 0 and empty input is fine", () => {
    const fit = fitBradleyTerry(4, [
      { winner: 0, loser: 1 },
      { winner: 0, loser: 2 },
      { winner: 3, loser: 2 },
    ]);
    expect(Math.abs(fit.scores.reduce((s, x) => s + x, 0))).toBeLessThan(1e-12);
    expect(fitBradleyTerry(0, []).scores).toEqual([]);
    expect(fitBradleyTerry(3, []).scores).toEqual([0, 0, 0]);
  });

  test("rejects invalid comparisons and options", () => {
    expect(() => fitBradleyTerry(2, [{ winner: 0, loser: 2 }])).toThrow(RangeError);
    expect(() => fitBradleyTerry(2, [{ winner: 1, loser: 1 }])).toThrow(RangeError);
    expect(() => fitBradleyTerry(2, [{ winner: 0.5, loser: 1 }])).toThrow(RangeError);
    expect(() => fitBradleyTerry(2, [], { priorSd: 0 })).toThrow(RangeError);
    expect(() => fitBradleyTerry(2, [], { initialScores: [0] })).toThrow(RangeError);
  });
});

describe("fitBradleyTerry, reference fit on a simulated data set", () => {
  const rng = createRng(2024);
  const n = 60;
  const truth = latentQualities(n, rng);
  const comparisons = randomComparisons(truth, 3000, rng);
  const fit = fitBradleyTerry(n, comparisons);

  test("recovers the latent order (Spearman > 0.95)", () => {
    expect(fit.converged).toBe(true);
    expect(spearman(fit.scores, truth)).toBeGreaterThan(0.95);
  });

  test("agrees with an independent gradient-ascent fit of the same posterior", () => {
    const reference = gradientAscentFit(n, comparisons, 3);
    const maxDiff = Math.max(...fit.scores.map((s, i) => Math.abs(s - reference[i]!)));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  test("errors are consistent with the spread of estimates around the truth", () => {
    // About 95 % of |estimate − truth| (after centring the truth) should fall within 1.96 SE.
    const meanTruth = truth.reduce((s, t) => s + t, 0) / n;
    const covered = fit.scores.filter((s, i) => Math.abs(s - (truth[i]! - meanTruth)) < 1.96 * fit.standardErrors[i]!);
    expect(covered.length / n).toBeGreaterThan(0.85);
  });

  test("a warm start reaches the same fit in fewer iterations", () => {
    const warm = fitBradleyTerry(n, comparisons, { initialScores: fit.scores });
    expect(warm.iterations).toBeLessThan(fit.iterations);
    for (let i = 0; i < n; i++) expect(warm.scores[i]!).toBeCloseTo(fit.scores[i]!, 7);
  });
});
