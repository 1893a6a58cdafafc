import { type BradleyTerryOptions, type Comparison, fitBradleyTerry, type ScoreEstimate } from "./bradley-terry.ts";
import { type Rng, shuffle } from "./random.ts";
import { pearson } from "./ranking.ts";

/**
 * Scale separation reliability: the share of the observed score variance that is not estimation
 * error, (var(scores) − mean SE²) / var(scores), floored at 0. Its SEs come from the fit, so any
 * optimism in them (adaptive pairing picks pairs by their outcomes) inflates it.
 *
 * @example
 * scaleSeparationReliability({ scores: [-2, 0, 2], standardErrors: [1, 1, 1] }); // 0.75 (var 4, error 1)
 */
export function scaleSeparationReliability(estimate: ScoreEstimate): number {
  const n = estimate.scores.length;
  if (n < 2) return 0;
  const mean = estimate.scores.reduce((s, x) => s + x, 0) / n;
  const variance = estimate.scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const error = estimate.standardErrors.reduce((s, se) => s + se * se, 0) / n;
  return variance > 0 ? Math.max(0, (variance - error) / variance) : 0;
}

export interface SplitHalfOptions {
  /** Random splits averaged (the correlation of each is Fisher-z averaged). */
  readonly splits?: number;
  readonly fit?: BradleyTerryOptions;
}

/**
 * Split-half reliability: the comparisons are split at random into two halves, each half is fitted
 * on its own and the two score sets correlated; Spearman–Brown (2r / (1 + r)) steps the half-length
 * correlation up to the full set. Averaged over `splits` random splits. It needs no SEs, so it does
 * not share SSR's optimism under adaptive pairing (it is pessimistic instead: each half fit has
 * half the data and more prior shrinkage). null with fewer than 4 comparisons or 3 items.
 *
 * @example
 * splitHalfReliability(40, comparisons, createRng(1)); // e.g. 0.83
 */
export function splitHalfReliability(n: number, comparisons: readonly Comparison[], rng: Rng, options: SplitHalfOptions = {}): number | null {
  const splits = options.splits ?? 10;
  if (n < 3 || comparisons.length < 4 || splits < 1) return null;
  const order = comparisons.map((_, k) => k);
  let zSum = 0;
  for (let s = 0; s < splits; s++) {
    shuffle(rng, order);
    const half = Math.floor(order.length / 2);
    const first = order.slice(0, half).map((k) => comparisons[k]!);
    const second = order.slice(half).map((k) => comparisons[k]!);
    // Only scores are needed: skip the exact SE inverse (O(n³)) of each half fit.
    const fitOptions = { exactSeMaxItems: 0, ...options.fit };
    const r = pearson(fitBradleyTerry(n, first, fitOptions).scores, fitBradleyTerry(n, second, fitOptions).scores);
    zSum += Math.atanh(clampCorrelation(Number.isNaN(r) ? 0 : r));
  }
  const r = Math.tanh(zSum / splits);
  return Math.max(0, (2 * r) / (1 + r));
}

export interface RankAgreement {
  /** Expected Kendall τ between the fitted order and the true order under the fit's uncertainty. */
  readonly kendallTau: number;
  /** The same as a Spearman ρ (bivariate-normal relation between τ and ρ). */
  readonly spearman: number;
  /** Mean over items of the expected number of other items on the wrong side of it. */
  readonly meanMisorderedPerItem: number;
}

/**
 * How well the fitted order is expected to match the true one, from the fit itself: for each pair
 * the probability that the true order agrees with the fitted one is Φ(|Δθ| / √(SEᵢ² + SEⱼ²)).
 * The mean of 2P − 1 is the expected Kendall τ; for a bivariate normal, r = sin(πτ/2) and
 * ρ_Spearman = (6/π)·asin(r/2). Covariances between scores are ignored (they are small, ~SE²/n).
 *
 * @example
 * expectedRankAgreement({ scores: [-3, 0, 3], standardErrors: [0.01, 0.01, 0.01] }).spearman; // ≈ 1
 * expectedRankAgreement({ scores: [0, 0, 0], standardErrors: [1, 1, 1] }).spearman; // 0
 */
export function expectedRankAgreement(estimate: ScoreEstimate): RankAgreement {
  const { scores, standardErrors: se } = estimate;
  const n = scores.length;
  if (n < 2) return { kendallTau: 1, spearman: 1, meanMisorderedPerItem: 0 };
  let agreement = 0;
  let misordered = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const spread = Math.sqrt(se[i]! ** 2 + se[j]! ** 2);
      const gap = Math.abs(scores[i]! - scores[j]!);
      const p = spread > 0 ? normalCdf(gap / spread) : gap > 0 ? 1 : 0.5;
      agreement += 2 * p - 1;
      misordered += 1 - p;
    }
  }
  const tau = agreement / ((n * (n - 1)) / 2);
  const r = Math.sin((Math.PI * tau) / 2);
  return { kendallTau: tau, spearman: (6 / Math.PI) * Math.asin(r / 2), meanMisorderedPerItem: (2 * misordered) / n };
}

function clampCorrelation(r: number): number {
  return Math.max(-0.999999, Math.min(0.999999, r));
}

/** Standard normal CDF via erfc (the Numerical Recipes Chebyshev fit, fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
          t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
