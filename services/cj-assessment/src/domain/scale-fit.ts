import { type BradleyTerryFit, type Comparison, fitBradleyTerry } from "./bradley-terry.ts";
import { logDeterminantSpd } from "./linear-algebra.ts";

export interface ScaleFitOptions {
  /** Warm start, e.g. the previous round's scores. */
  readonly initialScores?: readonly number[];
  /** The spread of abilities (SD, logits) is searched in this range. */
  readonly minSpread?: number;
  readonly maxSpread?: number;
  /** Above this many items the spread is not estimated (each step costs O(n³)); `fallbackPriorSd` is used. */
  readonly maxItemsForSpread?: number;
  readonly fallbackPriorSd?: number;
}

export interface ScaleFit extends BradleyTerryFit {
  /** The spread of abilities the fit used as its prior SD: estimated, or the fallback. */
  readonly spread: number;
  readonly spreadEstimated: boolean;
}

const DEFAULTS = { minSpread: 0.3, maxSpread: 6, maxItemsForSpread: 400, fallbackPriorSd: 3 } as const;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const SEARCH_STEPS = 14;

/**
 * The batch's scale: Bradley–Terry with the spread of abilities estimated from the batch
 * (empirical Bayes) instead of a fixed wide prior. The spread σ maximises the Laplace approximation
 * of the marginal likelihood, log p(y | θ̂) + log N(θ̂; 0, σ²) − ½ log det H, by golden-section
 * search on log σ. With a spread that matches the batch the posterior SEs are honest, so the
 * expected rank agreement the completion rule reads is calibrated; with a fixed σ = 3 a batch of
 * close essays looks better separated, hence more reliable, than it is (bench/cj-simulation.ts).
 * Soft outcomes are a quasi-likelihood: the log-likelihood and information are divided by their
 * dispersion φ (estimated once from a fixed-prior fit), i.e. the fit runs with prior SD σ/√φ and
 * its SEs are scaled by √φ.
 *
 * @example
 * fitScale(40, comparisons).spread; // e.g. 1.9 for a batch whose abilities spread by about 2 logits
 */
export function fitScale(n: number, comparisons: readonly Comparison[], options: ScaleFitOptions = {}): ScaleFit {
  const opts = { ...DEFAULTS, ...options };
  const warm = opts.initialScores && opts.initialScores.length === n ? { initialScores: opts.initialScores } : {};
  if (n < 3 || comparisons.length === 0 || n > opts.maxItemsForSpread) {
    return { ...fitBradleyTerry(n, comparisons, { ...warm, priorSd: opts.fallbackPriorSd }), spread: opts.fallbackPriorSd, spreadEstimated: false };
  }
  const soft = comparisons.some((c) => c.winnerProbability !== undefined && c.winnerProbability !== 1);
  const phi = soft ? fitBradleyTerry(n, comparisons, { ...warm, priorSd: opts.fallbackPriorSd, exactSeMaxItems: 0 }).dispersion : 1;
  let scores = warm.initialScores;
  const evidence = (logSpread: number): number => {
    const spread = Math.exp(logSpread);
    const fit = fitBradleyTerry(n, comparisons, { priorSd: spread / Math.sqrt(phi), dispersion: "model", exactSeMaxItems: 0, ...(scores ? { initialScores: scores } : {}) });
    scores = fit.scores;
    return laplaceEvidence(n, comparisons, fit.scores, spread, phi);
  };
  // Golden-section search for the maximum on [log min, log max].
  let lo = Math.log(opts.minSpread);
  let hi = Math.log(opts.maxSpread);
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let f1 = evidence(x1);
  let f2 = evidence(x2);
  for (let step = 0; step < SEARCH_STEPS; step++) {
    if (f1 >= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - GOLDEN * (hi - lo);
      f1 = evidence(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + GOLDEN * (hi - lo);
      f2 = evidence(x2);
    }
  }
  const spread = Math.exp((lo + hi) / 2);
  const fit = fitBradleyTerry(n, comparisons, { priorSd: spread / Math.sqrt(phi), dispersion: "model", ...(scores ? { initialScores: scores } : {}) });
  const scale = Math.sqrt(phi);
  return { ...fit, standardErrors: fit.standardErrors.map((se) => se * scale), dispersion: phi, spread, spreadEstimated: true };
}

/** Laplace approximation of log p(y | σ) (constants dropped), at the MAP `scores` for that σ. */
function laplaceEvidence(n: number, comparisons: readonly Comparison[], scores: readonly number[], spread: number, phi: number): number {
  const h = new Float64Array(n * n);
  const precision = 1 / (spread * spread);
  for (let i = 0; i < n; i++) h[i * n + i] = precision;
  let logLikelihood = 0;
  for (const { winner, loser, winnerProbability: y = 1 } of comparisons) {
    const d = scores[winner]! - scores[loser]!;
    logLikelihood += y * logSigmoid(d) + (1 - y) * logSigmoid(-d);
    const p = 1 / (1 + Math.exp(-d));
    const w = (p * (1 - p)) / phi;
    h[winner * n + winner] = h[winner * n + winner]! + w;
    h[loser * n + loser] = h[loser * n + loser]! + w;
    h[winner * n + loser] = h[winner * n + loser]! - w;
    h[loser * n + winner] = h[loser * n + winner]! - w;
  }
  let logPrior = 0;
  for (const s of scores) logPrior -= 0.5 * s * s * precision;
  return logLikelihood / phi + logPrior - n * Math.log(spread) - 0.5 * logDeterminantSpd(h, n);
}

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}
