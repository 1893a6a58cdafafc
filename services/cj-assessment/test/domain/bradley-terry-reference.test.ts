import { describe, expect, test } from "bun:test";
import { type Comparison, fitBradleyTerry } from "../../src/domain/bradley-terry.ts";
import { createRng, randomInt, type Rng } from "../../src/domain/random.ts";

// The fast fit (CG Newton steps, register-blocked Cholesky, the 11ᵀ shift for centred variances)
// against a textbook reference written independently here: dense Newton with a full Gauss–Jordan
// inverse, variances of the centred scores as diag(P·H⁻¹·P), Pearson dispersion per comparison.

/** Full inverse of a dense SPD matrix (array of rows) by Gauss–Jordan with partial pivoting. */
function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f !== 0) for (let k = 0; k < 2 * n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function referenceFit(n: number, comparisons: readonly Comparison[], priorSd: number) {
  const precision = 1 / priorSd ** 2;
  const theta = new Array<number>(n).fill(0);
  const hessian = (): number[][] => {
    const h = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? precision : 0)));
    for (const { winner: w, loser: l } of comparisons) {
      const v = sigmoid(theta[w]! - theta[l]!) * (1 - sigmoid(theta[w]! - theta[l]!));
      h[w]![w]! += v;
      h[l]![l]! += v;
      h[w]![l]! -= v;
      h[l]![w]! -= v;
    }
    return h;
  };
  for (let iter = 0; iter < 200; iter++) {
    const g = theta.map((t) => -precision * t);
    for (const { winner: w, loser: l, winnerProbability: y = 1 } of comparisons) {
      const r = y - sigmoid(theta[w]! - theta[l]!);
      g[w]! += r;
      g[l]! -= r;
    }
    const inv = invert(hessian());
    const step = inv.map((row) => row.reduce((s, v, j) => s + v * g[j]!, 0));
    // Damped when far out (a full Newton step from 0 can overshoot under near-separation).
    const scale = Math.min(1, 2 / Math.max(...step.map(Math.abs)));
    for (let i = 0; i < n; i++) theta[i]! += scale * step[i]!;
    if (Math.max(...step.map(Math.abs)) < 1e-13) break;
  }
  const mean = theta.reduce((s, t) => s + t, 0) / n;
  const inv = invert(hessian());
  const rowMeans = inv.map((row) => row.reduce((s, v) => s + v, 0) / n);
  const grand = rowMeans.reduce((s, v) => s + v, 0) / n;
  const variances = inv.map((row, i) => row[i]! - 2 * rowMeans[i]! + grand);
  const soft = comparisons.some((c) => c.winnerProbability !== undefined && c.winnerProbability !== 1);
  let dispersion = 1;
  const df = comparisons.length - (n - 1);
  if (soft && df > 0) {
    let chi2 = 0;
    for (const { winner: w, loser: l, winnerProbability: y = 1 } of comparisons) {
      const p = sigmoid(theta[w]! - theta[l]!);
      chi2 += (y - p) ** 2 / (p * (1 - p));
    }
    dispersion = Math.max(0.05, chi2 / df);
  }
  return {
    scores: theta.map((t) => t - mean),
    standardErrors: variances.map((v) => Math.sqrt(v * dispersion)),
    dispersion,
  };
}

/** A random design: some pairs repeated, some items barely compared, soft outcomes when asked. */
function randomDesign(rng: Rng, n: number, m: number, soft: boolean): Comparison[] {
  const quality = Array.from({ length: n }, () => 2 * (rng() - 0.5) * 3);
  const out: Comparison[] = [];
  for (let c = 0; c < m; c++) {
    const a = randomInt(rng, n);
    let b = randomInt(rng, n - 1);
    if (b >= a) b++;
    const aWins = rng() < sigmoid(quality[a]! - quality[b]!);
    const [winner, loser] = aWins ? [a, b] : [b, a];
    out.push(soft ? { winner, loser, winnerProbability: 0.5 + 0.49 * rng() } : { winner, loser });
  }
  return out;
}

function maxRelativeGap(actual: readonly number[], expected: readonly number[]): number {
  return Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-3)));
}

describe("fitBradleyTerry equals a dense textbook reference on random designs", () => {
  const cases: Array<{ n: number; m: number; soft: boolean; priorSd: number }> = [];
  const rng = createRng(1414);
  for (let k = 0; k < 24; k++) {
    const n = 2 + randomInt(rng, 70);
    // From fewer comparisons than items (a disconnected design) to ~12 per item.
    const m = 1 + randomInt(rng, 12 * n);
    cases.push({ n, m, soft: k % 2 === 1, priorSd: [0.5, 3, 50][k % 3]! });
  }
  test.each(cases)("n=$n m=$m soft=$soft priorSd=$priorSd", ({ n, m, soft, priorSd }) => {
    const comparisons = randomDesign(createRng(n * 7919 + m), n, m, soft);
    const fast = fitBradleyTerry(n, comparisons, { priorSd });
    const reference = referenceFit(n, comparisons, priorSd);
    expect(fast.converged).toBe(true);
    expect(fast.seMethod).toBe("exact");
    expect(Math.max(...fast.scores.map((s, i) => Math.abs(s - reference.scores[i]!)))).toBeLessThan(1e-7);
    expect(maxRelativeGap(fast.standardErrors, reference.standardErrors)).toBeLessThan(1e-7);
    expect(fast.dispersion).toBeCloseTo(reference.dispersion, 9);
  });

  test("an odd item count past the 2×2 and 4-column blocks (n = 203) matches too", () => {
    const comparisons = randomDesign(createRng(203), 203, 2400, false);
    const fast = fitBradleyTerry(203, comparisons);
    const reference = referenceFit(203, comparisons, 3);
    expect(maxRelativeGap(fast.standardErrors, reference.standardErrors)).toBeLessThan(1e-7);
    expect(Math.max(...fast.scores.map((s, i) => Math.abs(s - reference.scores[i]!)))).toBeLessThan(1e-7);
  });
});
