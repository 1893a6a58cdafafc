import { inverseDiagonalSpd, solveConjugateGradient } from "./linear-algebra.ts";

/** One valid verdict: item indices in [0, n). Error results are never comparisons. */
export interface Comparison {
  readonly winner: number;
  readonly loser: number;
}

export interface BradleyTerryOptions {
  /** SD (logits) of the Gaussian prior N(0, sd²) on each log-ability. Keeps perfect separation finite. */
  readonly priorSd?: number;
  /** Converged when the largest Newton step is below this (logits). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Warm start, e.g. the previous round's scores. */
  readonly initialScores?: readonly number[];
  /** Up to this many items, SEs come from the exact inverse of the information matrix. */
  readonly exactSeMaxItems?: number;
}

/** A scale estimate: what pairing and grade projection need from a fit. */
export interface ScoreEstimate {
  readonly scores: readonly number[];
  readonly standardErrors: readonly number[];
}

export interface BradleyTerryFit extends ScoreEstimate {
  /** Log-abilities, centred at 0; P(i beats j) = σ(scores[i] − scores[j]). */
  readonly scores: number[];
  readonly standardErrors: number[];
  readonly iterations: number;
  readonly converged: boolean;
  readonly seMethod: "exact" | "diagonal";
}

const DEFAULTS = {
  priorSd: 3,
  tolerance: 1e-8,
  maxIterations: 100,
  exactSeMaxItems: 1500,
} as const;

/** Comparisons folded into distinct unordered pairs (lo < hi). */
interface PairTable {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly loWins: Float64Array;
  readonly total: Float64Array;
}

/**
 * Maximum a posteriori Bradley–Terry fit by Newton–Raphson (with backtracking line search) on the
 * log-likelihood plus a Gaussian prior on log-abilities. The prior makes the objective strictly
 * concave, so the optimum exists, is unique and finite even under perfect separation.
 *
 * @example
 * const fit = fitBradleyTerry(2, [{ winner: 0, loser: 1 }, { winner: 0, loser: 1 }, { winner: 1, loser: 0 }]);
 * fit.scores; // ≈ [0.32, -0.32] (ln 2 ≈ 0.69 apart, shrunk slightly by the prior)
 */
export function fitBradleyTerry(
  n: number,
  comparisons: readonly Comparison[],
  options: BradleyTerryOptions = {},
): BradleyTerryFit {
  const opts = { ...DEFAULTS, ...options };
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`item count must be a non-negative integer, got ${n}`);
  if (!(opts.priorSd > 0)) throw new RangeError("priorSd must be positive");
  const pairs = tabulatePairs(n, comparisons);
  const precision = 1 / (opts.priorSd * opts.priorSd);
  const theta = new Float64Array(n);
  if (opts.initialScores) {
    if (opts.initialScores.length !== n) throw new RangeError("initialScores must have one score per item");
    theta.set(opts.initialScores);
  }

  const gradient = new Float64Array(n);
  const hessianDiagonal = new Float64Array(n);
  const weight = new Float64Array(pairs.lo.length);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const applyHessian = (x: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) out[i] = precision * x[i]!;
    for (let e = 0; e < weight.length; e++) {
      const a = pairs.lo[e]!;
      const b = pairs.hi[e]!;
      const t = weight[e]! * (x[a]! - x[b]!);
      out[a] = out[a]! + t;
      out[b] = out[b]! - t;
    }
  };

  let objective = logPosterior(theta, pairs, precision);
  let iterations = 0;
  let converged = n === 0;
  while (!converged && iterations < opts.maxIterations) {
    iterations++;
    computeDerivatives(theta, pairs, precision, gradient, hessianDiagonal, weight);
    solveConjugateGradient(applyHessian, hessianDiagonal, gradient, step, 1e-12, 4 * n + 50);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += gradient[i]! * step[i]!;
    let t = 1;
    let accepted = false;
    for (let halvings = 0; halvings < 40; halvings++, t /= 2) {
      for (let i = 0; i < n; i++) trial[i] = theta[i]! + t * step[i]!;
      const value = logPosterior(trial, pairs, precision);
      if (value >= objective + 1e-4 * t * slope) {
        objective = value;
        accepted = true;
        break;
      }
    }
    let maxStep = 0;
    if (accepted) {
      for (let i = 0; i < n; i++) maxStep = Math.max(maxStep, Math.abs(trial[i]! - theta[i]!));
      theta.set(trial);
    }
    // No acceptable step means we are at the optimum to machine precision.
    converged = !accepted || maxStep < opts.tolerance;
  }

  // The prior centres the optimum (the likelihood is shift-invariant); remove rounding drift.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += theta[i]! / n;
  const scores = Array.from(theta, (s) => s - mean);

  computeDerivatives(theta, pairs, precision, gradient, hessianDiagonal, weight);
  const exact = n <= opts.exactSeMaxItems;
  const variances = exact
    ? centredVariances(n, pairs, weight, precision)
    : Array.from(hessianDiagonal, (h) => 1 / h);
  return {
    scores,
    standardErrors: variances.map((v) => Math.sqrt(Math.max(v, 0))),
    iterations,
    converged,
    seMethod: exact ? "exact" : "diagonal",
  };
}

function tabulatePairs(n: number, comparisons: readonly Comparison[]): PairTable {
  const index = new Map<number, number>();
  const lo: number[] = [];
  const hi: number[] = [];
  const loWins: number[] = [];
  const total: number[] = [];
  for (const { winner, loser } of comparisons) {
    if (!isItem(winner, n) || !isItem(loser, n) || winner === loser) {
      throw new RangeError(`invalid comparison ${winner} beats ${loser} for ${n} items`);
    }
    const a = Math.min(winner, loser);
    const b = Math.max(winner, loser);
    const key = a * n + b;
    let e = index.get(key);
    if (e === undefined) {
      e = lo.length;
      index.set(key, e);
      lo.push(a);
      hi.push(b);
      loWins.push(0);
      total.push(0);
    }
    total[e] = total[e]! + 1;
    if (winner === a) loWins[e] = loWins[e]! + 1;
  }
  return {
    lo: Int32Array.from(lo),
    hi: Int32Array.from(hi),
    loWins: Float64Array.from(loWins),
    total: Float64Array.from(total),
  };
}

function isItem(i: number, n: number): boolean {
  return Number.isInteger(i) && i >= 0 && i < n;
}

/** log σ(x), stable for large |x|. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

function logPosterior(theta: Float64Array, pairs: PairTable, precision: number): number {
  let value = 0;
  for (let e = 0; e < pairs.lo.length; e++) {
    const d = theta[pairs.lo[e]!]! - theta[pairs.hi[e]!]!;
    const wins = pairs.loWins[e]!;
    value += wins * logSigmoid(d) + (pairs.total[e]! - wins) * logSigmoid(-d);
  }
  for (let i = 0; i < theta.length; i++) value -= 0.5 * precision * theta[i]! * theta[i]!;
  return value;
}

/** Gradient of the log-posterior, diagonal of its negative Hessian, and per-pair information weights. */
function computeDerivatives(
  theta: Float64Array,
  pairs: PairTable,
  precision: number,
  gradient: Float64Array,
  hessianDiagonal: Float64Array,
  weight: Float64Array,
): void {
  for (let i = 0; i < theta.length; i++) {
    gradient[i] = -precision * theta[i]!;
    hessianDiagonal[i] = precision;
  }
  for (let e = 0; e < pairs.lo.length; e++) {
    const a = pairs.lo[e]!;
    const b = pairs.hi[e]!;
    const p = 1 / (1 + Math.exp(theta[b]! - theta[a]!));
    const residual = pairs.loWins[e]! - pairs.total[e]! * p;
    const w = pairs.total[e]! * p * (1 - p);
    weight[e] = w;
    gradient[a] = gradient[a]! + residual;
    gradient[b] = gradient[b]! - residual;
    hessianDiagonal[a] = hessianDiagonal[a]! + w;
    hessianDiagonal[b] = hessianDiagonal[b]! + w;
  }
}

/**
 * Variances of the centred scores from the observed information H = L_w + I/sd² (prior included).
 * H·1 = 1/sd²·1, so Cov(θ − mean θ) = P·H⁻¹·P with P = I − 11ᵀ/n. To avoid cancellation when the
 * prior is very weak, invert H' = H + α·11ᵀ instead, which equals H off the 1-direction and has the
 * well-scaled eigenvalue s (mean diagonal) along it: P·H⁻¹·P = H'⁻¹ − 11ᵀ/(s·n).
 */
function centredVariances(n: number, pairs: PairTable, weight: Float64Array, precision: number): number[] {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = precision;
  for (let e = 0; e < weight.length; e++) {
    const a = pairs.lo[e]!;
    const b = pairs.hi[e]!;
    const w = weight[e]!;
    h[a * n + a] = h[a * n + a]! + w;
    h[b * n + b] = h[b * n + b]! + w;
    h[a * n + b] = h[a * n + b]! - w;
    h[b * n + a] = h[b * n + a]! - w;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += h[i * n + i]! / n;
  const alpha = (s - precision) / n;
  for (let k = 0; k < n * n; k++) h[k] = h[k]! + alpha;
  const shift = 1 / (s * n);
  return Array.from(inverseDiagonalSpd(h, n), (v) => v - shift);
}
