import { cholesky, choleskySolve, solveUpperTransposed } from "./dense-cholesky.ts";
import { createRng, type Rng } from "./random.ts";

/** An anchor on the fitted scale: its score, the score's SE, and its grade as a category 0..K−1. */
export interface ScoredAnchor {
  readonly score: number;
  readonly standardError: number;
  readonly category: number;
}

export interface BoundaryFitInput {
  readonly anchors: readonly ScoredAnchor[];
  /** K, the number of grades that can be projected. */
  readonly categories: number;
  /** The scale's usual share of each grade (length K): the weak prior for where boundaries lie. */
  readonly usualDistribution: readonly number[];
  /** Location and spread of the batch's essay scores, to place the prior on the fitted scale. */
  readonly reference: { readonly mean: number; readonly sd: number };
  /** Posterior draws used for predictions (default 400); seeded, so the result is reproducible. */
  readonly draws?: number;
  /**
   * Prior centres of the K−1 thresholds on the fitted scale, increasing (default: the usual
   * distribution's quantiles of a normal with the reference's mean and SD).
   */
  readonly priorThresholds?: readonly number[];
  /** Multiplies the thresholds' prior SD (default 1): below 1 the prior pulls harder against few anchors. */
  readonly thresholdPriorScale?: number;
}

export interface BoundaryDraw {
  /** K−1 increasing thresholds: grade ≤ k when the latent score is below thresholds[k]. */
  readonly thresholds: Float64Array;
  /** SD (logits) of an essay's latent score around its grade line: how sharply grades change. */
  readonly noiseSd: number;
}

export interface BoundaryPosterior {
  /** Posterior mode of the thresholds, increasing. */
  readonly thresholds: number[];
  /** Posterior SD of each threshold (wide where anchors are few). */
  readonly thresholdSes: number[];
  readonly noiseSd: number;
  /** Draws from the Laplace approximation of the posterior. */
  readonly draws: readonly BoundaryDraw[];
  readonly converged: boolean;
}

/** Prior SD of a threshold around its usual-distribution position, in reference SDs. Weak. */
const THRESHOLD_PRIOR_SD = 1.5;
/** Prior SD of a log grade width around its usual width (weak)… */
const WIDTH_PRIOR_LOG_SD = 1;
/** …and of the change in log width from one grade to the next: neighbouring grades have similar widths. */
const WIDTH_STEP_LOG_SD = 0.35;
/** Prior centre of the noise SD, in reference SDs, and its log-SD. */
const NOISE_PRIOR = 0.5;
const NOISE_PRIOR_LOG_SD = 0.7;
/** Probit approximation of a logistic convolved with a normal: σ(x / √(1 + κ·var)). */
export const LOGISTIC_NORMAL_KAPPA = Math.PI / 8;

/**
 * Grade boundaries on the Bradley–Terry scale from the anchors: a cumulative-logit model
 * P(grade ≤ k | θ) = σ((τ_k − θ) / √(s² + κ·SE²)), each anchor's SE counted, thresholds τ monotone
 * by construction (a pivot threshold plus positive widths e^{d_k} on either side). Weak priors: each τ_k near where the scale's
 * usual grade distribution puts it on the batch's score spread, grade widths similar to their
 * neighbours, s near half that spread. A grade with few or no anchors keeps thresholds near the
 * prior with a wide posterior (shrinkage); grades beyond the outermost anchors keep thresholds too,
 * so an essay far beyond the top anchor can be given a higher grade. Fit: posterior mode by
 * damped Newton, then a Laplace approximation sampled for predictions.
 *
 * @example
 * const fit = fitGradeBoundaries({
 *   anchors: [{ score: -2, standardError: 0.4, category: 0 }, { score: 0, standardError: 0.4, category: 1 }, { score: 2, standardError: 0.4, category: 2 }],
 *   categories: 3, usualDistribution: [0.25, 0.5, 0.25], reference: { mean: 0, sd: 1.5 },
 * });
 * fit.thresholds; // ≈ [-1, 1]
 */
export function fitGradeBoundaries(input: BoundaryFitInput): BoundaryPosterior {
  const { anchors, categories: k } = input;
  if (!Number.isInteger(k) || k < 2) throw new RangeError("a grade scale needs at least two grades");
  if (input.usualDistribution.length !== k) throw new RangeError("usualDistribution needs one share per grade");
  for (const a of anchors) {
    if (!Number.isInteger(a.category) || a.category < 0 || a.category >= k) throw new RangeError(`anchor category ${a.category} is off the scale`);
  }
  const sd = Math.max(input.reference.sd, 0.25);
  const priorTau = input.priorThresholds ? [...input.priorThresholds] : priorThresholds(input.usualDistribution, input.reference.mean, sd);
  if (priorTau.length !== k - 1 || priorTau.some((t, j) => !Number.isFinite(t) || (j > 0 && !(t > priorTau[j - 1]!)))) {
    throw new RangeError("priorThresholds needs K−1 finite increasing values");
  }
  const priorWidth = priorTau.slice(1).map((t, i) => Math.log(t - priorTau[i]!));
  // Many thresholds must not add up to a strong prior: scale so the total pull matches a 5-grade scale.
  const priorScale = input.thresholdPriorScale ?? 1;
  if (!(priorScale > 0)) throw new RangeError("thresholdPriorScale must be positive");
  const tauSd = priorScale * THRESHOLD_PRIOR_SD * sd * Math.sqrt(Math.max(1, (k - 1) / 4));
  const noiseCentre = Math.log(NOISE_PRIOR * sd);

  const p = k; // τ_pivot, K−2 log widths, u = log s
  const pivot = nearestIndex(priorTau, input.reference.mean);
  const scratch = new Float64Array(k - 1); // the objective runs ~P² times per Newton step: no allocation
  const objective = (x: Float64Array): number => {
    const tau = thresholdsOf(x, k, pivot, scratch);
    const s = Math.exp(x[p - 1]!);
    let value = 0;
    for (const a of anchors) value += logCategoryProbability(tau, a.category, a.score, Math.sqrt(s * s + LOGISTIC_NORMAL_KAPPA * a.standardError ** 2));
    for (let j = 0; j < k - 1; j++) value -= ((tau[j]! - priorTau[j]!) / tauSd) ** 2 / 2;
    for (let j = 0; j < k - 2; j++) value -= ((x[1 + j]! - priorWidth[j]!) / WIDTH_PRIOR_LOG_SD) ** 2 / 2;
    for (let j = 1; j < k - 2; j++) value -= ((x[1 + j]! - x[j]! - (priorWidth[j]! - priorWidth[j - 1]!)) / WIDTH_STEP_LOG_SD) ** 2 / 2;
    value -= ((x[p - 1]! - noiseCentre) / NOISE_PRIOR_LOG_SD) ** 2 / 2;
    return value;
  };

  const start = new Float64Array(p);
  start[0] = priorTau[pivot]!;
  priorWidth.forEach((w, j) => (start[1 + j] = w));
  start[p - 1] = noiseCentre;
  const { x, converged } = maximise(objective, start);
  const precision = negativeHessian(objective, x);
  const factor = positiveDefiniteFactor(precision, p);

  const rng = createRng(0x9e3779b9);
  const draws: BoundaryDraw[] = [];
  const count = input.draws ?? 400;
  for (let d = 0; d < count; d++) {
    const z = Float64Array.from({ length: p }, () => standardNormal(rng));
    const offset = solveUpperTransposed(factor, p, z);
    const sample = x.map((v, i) => v + offset[i]!);
    draws.push({ thresholds: thresholdsOf(sample, k, pivot), noiseSd: Math.exp(sample[p - 1]!) });
  }
  const mode = Array.from(thresholdsOf(x, k, pivot));
  const thresholdSes = mode.map((_, j) => standardDeviation(draws.map((d) => d.thresholds[j]!)));
  return { thresholds: mode, thresholdSes, noiseSd: Math.exp(x[p - 1]!), draws, converged };
}

/**
 * P(category) for every category at latent score θ ± SE under one posterior draw (length K, sums to 1).
 */
export function categoryProbabilities(draw: BoundaryDraw, score: number, standardError: number, out: Float64Array): Float64Array {
  const c = Math.sqrt(draw.noiseSd ** 2 + LOGISTIC_NORMAL_KAPPA * standardError ** 2);
  let below = 0;
  const t = draw.thresholds;
  for (let j = 0; j < t.length; j++) {
    const cumulative = sigmoid((t[j]! - score) / c);
    out[j] = Math.max(cumulative - below, 0);
    below = Math.max(cumulative, below);
  }
  out[t.length] = Math.max(1 - below, 0);
  return out;
}

/** Where the scale's usual distribution puts each threshold on a normal of the batch's spread. */
export function priorThresholds(usual: readonly number[], mean: number, sd: number): number[] {
  const total = usual.reduce((s, w) => s + w, 0);
  const out: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < usual.length - 1; j++) {
    cumulative += usual[j]! / total;
    const q = Math.min(Math.max(cumulative, 1e-4), 1 - 1e-4);
    const t = mean + sd * normalQuantile(q);
    // Keep widths positive even for grades with (almost) no usual share.
    out.push(j > 0 ? Math.max(t, out[j - 1]! + 1e-3 * sd) : t);
  }
  return out;
}

/**
 * Thresholds from the parameters: x[0] is the pivot threshold τ_m, x[1 + j] the log width of grade
 * j + 1 (τ_{j+1} − τ_j). Built outwards from a pivot in the middle of the batch, so that posterior
 * draws of many widths (log-normal, skewed) widen both tails instead of shifting every threshold up.
 */
function thresholdsOf(x: ArrayLike<number>, k: number, pivot: number, tau = new Float64Array(k - 1)): Float64Array {
  tau[pivot] = x[0]!;
  for (let j = pivot; j < k - 2; j++) tau[j + 1] = tau[j]! + Math.exp(x[1 + j]!);
  for (let j = pivot - 1; j >= 0; j--) tau[j] = tau[j + 1]! - Math.exp(x[1 + j]!);
  return tau;
}

/** log P(category | θ), stable far outside the band: σ(h) − σ(l) = σ(h)·σ(−l)·(1 − e^{l−h}). */
function logCategoryProbability(tau: Float64Array, category: number, score: number, c: number): number {
  const upper = category < tau.length ? (tau[category]! - score) / c : Infinity;
  const lower = category > 0 ? (tau[category - 1]! - score) / c : -Infinity;
  let value = 0;
  if (upper !== Infinity) value += logSigmoid(upper);
  if (lower !== -Infinity) value += logSigmoid(-lower);
  if (upper !== Infinity && lower !== -Infinity) value += Math.log(Math.max(-Math.expm1(lower - upper), 1e-300));
  return value;
}

/** Posterior mode by Levenberg–Marquardt-damped Newton with finite-difference derivatives. */
function maximise(f: (x: Float64Array) => number, start: Float64Array): { x: Float64Array; converged: boolean } {
  const n = start.length;
  let x = Float64Array.from(start);
  let value = f(x);
  let lambda = 1e-3;
  for (let iteration = 0; iteration < 200; iteration++) {
    const g = gradient(f, x);
    if (Math.max(...g.map(Math.abs)) < 1e-7) return { x, converged: true };
    const h = negativeHessian(f, x);
    let accepted = false;
    while (lambda < 1e12) {
      const damped = Float64Array.from(h);
      for (let i = 0; i < n; i++) damped[i * n + i] = damped[i * n + i]! + lambda * Math.max(1, Math.abs(h[i * n + i]!));
      const l = cholesky(damped, n);
      if (l) {
        const step = choleskySolve(l, n, g);
        const trial = x.map((v, i) => v + step[i]!);
        const trialValue = f(trial);
        if (trialValue > value) {
          const size = Math.max(...step.map(Math.abs));
          x = trial;
          value = trialValue;
          lambda = Math.max(lambda / 10, 1e-9);
          accepted = true;
          if (size < 1e-9) return { x, converged: true };
          break;
        }
      }
      lambda *= 10;
    }
    if (!accepted) return { x, converged: true }; // no ascent direction left: at the mode to precision
  }
  return { x, converged: false };
}

const STEP = 1e-4;

function gradient(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i]! + STEP;
    const up = f(probe);
    probe[i] = x[i]! - STEP;
    const down = f(probe);
    probe[i] = x[i]!;
    g[i] = (up - down) / (2 * STEP);
  }
  return g;
}

function negativeHessian(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const n = x.length;
  const h = new Float64Array(n * n);
  const probe = Float64Array.from(x);
  const at = (i: number, di: number, j: number, dj: number): number => {
    probe[i] = probe[i]! + di;
    probe[j] = probe[j]! + dj;
    const value = f(probe);
    probe[i] = x[i]!;
    probe[j] = x[j]!;
    return value;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const second = (at(i, STEP, j, STEP) - at(i, STEP, j, -STEP) - at(i, -STEP, j, STEP) + at(i, -STEP, j, -STEP)) / (4 * STEP * STEP);
      h[i * n + j] = -second;
      h[j * n + i] = -second;
    }
  }
  return h;
}

/** Cholesky factor of the precision, ridged until positive definite (flat directions stay wide). */
function positiveDefiniteFactor(precision: Float64Array, n: number): Float64Array {
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-8 : ridge * 10) {
    const m = Float64Array.from(precision);
    for (let i = 0; i < n; i++) m[i * n + i] = m[i * n + i]! + ridge;
    const l = cholesky(m, n);
    if (l) return l;
    if (ridge > 1e6) throw new Error("grade boundary posterior is not positive definite");
  }
}

function nearestIndex(values: readonly number[], target: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i]! - target) < Math.abs(values[best]! - target)) best = i;
  return best;
}

function standardNormal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(values.length - 1, 1));
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error about 1e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
