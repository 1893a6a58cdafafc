import { inverseDiagonalSpd, solveConjugateGradient } from "./linear-algebra.ts";

/** One valid verdict: item indices in [0, n). Error results are never comparisons. */
export interface Comparison {
  readonly winner: number;
  readonly loser: number;
  /**
   * Soft outcome: the judge's probability that the winner beats the loser. The winner is credited
   * p and the loser 1 − p of a win; absent means a hard outcome (p = 1).
   */
  readonly winnerProbability?: number;
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
  /**
   * "model": SEs from the Bernoulli information (right for hard verdicts). "estimated": scaled by
   * the Pearson dispersion of the outcomes (quasi-likelihood), right for soft outcomes, which vary
   * less than a coin flip. Default: "estimated" when any comparison is soft, else "model".
   */
  readonly dispersion?: "model" | "estimated";
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
  /** Factor the variances were scaled by: 1 under "model", the Pearson χ²/df under "estimated". */
  readonly dispersion: number;
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
  /** Σ of squared outcomes for lo (1 or 0 for hard verdicts), for the dispersion. */
  readonly loWinSquares: Float64Array;
  readonly anySoft: boolean;
}

/**
 * Maximum a posteriori Bradley–Terry fit by Newton–Raphson (with backtracking line search) on the
 * log-likelihood plus a Gaussian prior on log-abilities. The prior makes the objective strictly
 * concave, so the optimum exists, is unique and finite even under perfect separation.
 *
 * Soft outcomes enter as fractional wins (the likelihood p·log σ(d) + (1 − p)·log σ(−d) is a
 * proper scoring rule, so a calibrated p is used at face value); the information, hence the SEs,
 * is the same as for a hard verdict on that pair.
 *
 * @example
 * const fit = fitBradleyTerry(2, [{ winner: 0, loser: 1 }, { winner: 0, loser: 1 }, { winner: 1, loser: 0 }]);
 * fit.scores; // ≈ [0.32, -0.32] (ln 2 ≈ 0.69 apart, shrunk slightly by the prior)
 * fitBradleyTerry(2, [{ winner: 0, loser: 1, winnerProbability: 0.75 }], { priorSd: 1e4 }).scores; // ≈ [0.55, -0.55] (ln 3 apart)
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
  const estimated = (opts.dispersion ?? (pairs.anySoft ? "estimated" : "model")) === "estimated";
  const dispersion = estimated ? pearsonDispersion(theta, pairs, comparisons.length, n) : 1;
  return {
    scores,
    standardErrors: variances.map((v) => Math.sqrt(Math.max(v * dispersion, 0))),
    iterations,
    converged,
    seMethod: exact ? "exact" : "diagonal",
    dispersion,
  };
}

function tabulatePairs(n: number, comparisons: readonly Comparison[]): PairTable {
  const index = new Map<number, number>();
  const lo: number[] = [];
  const hi: number[] = [];
  const loWins: number[] = [];
  const total: number[] = [];
  const loWinSquares: number[] = [];
  let anySoft = false;
  for (const { winner, loser, winnerProbability = 1 } of comparisons) {
    if (!isItem(winner, n) || !isItem(loser, n) || winner === loser) {
      throw new RangeError(`invalid comparison ${winner} beats ${loser} for ${n} items`);
    }
    if (!(winnerProbability >= 0 && winnerProbability <= 1)) {
      throw new RangeError(`winnerProbability must be in [0, 1], got ${winnerProbability}`);
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
      loWinSquares.push(0);
    }
    const y = winner === a ? winnerProbability : 1 - winnerProbability;
    total[e] = total[e]! + 1;
    loWins[e] = loWins[e]! + y;
    loWinSquares[e] = loWinSquares[e]! + y * y;
    if (winnerProbability !== 1) anySoft = true;
  }
  return {
    lo: Int32Array.from(lo),
    hi: Int32Array.from(hi),
    loWins: Float64Array.from(loWins),
    total: Float64Array.from(total),
    loWinSquares: Float64Array.from(loWinSquares),
    anySoft,
  };
}

// Below this the estimate says more about a lucky sample than about the judge.
const MIN_DISPERSION = 0.05;

/**
 * Pearson χ² / residual df of the outcomes around the fit: Σ (y − p)² / (p(1 − p)) over
 * comparisons, divided by m − (n − 1). About 1 for hard verdicts that follow the model; below 1
 * for soft outcomes that scatter less than a coin flip. 1 while there are no residual df.
 */
function pearsonDispersion(theta: Float64Array, pairs: PairTable, m: number, n: number): number {
  const df = m - (n - 1);
  if (df <= 0) return 1;
  let chi2 = 0;
  for (let e = 0; e < pairs.lo.length; e++) {
    const p = 1 / (1 + Math.exp(theta[pairs.hi[e]!]! - theta[pairs.lo[e]!]!));
    const squares = pairs.loWinSquares[e]! - 2 * p * pairs.loWins[e]! + pairs.total[e]! * p * p;
    chi2 += squares / Math.max(p * (1 - p), 1e-12);
  }
  return Math.max(MIN_DISPERSION, chi2 / df);
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
    // Lower triangle only (b > a): the factorisation never reads the upper one.
    h[a * n + a] = h[a * n + a]! + w;
    h[b * n + b] = h[b * n + b]! + w;
    h[b * n + a] = h[b * n + a]! - w;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += h[i * n + i]! / n;
  const alpha = (s - precision) / n;
  for (let i = 0; i < n; i++) {
    for (let k = i * n, end = k + i; k <= end; k++) h[k] = h[k]! + alpha;
  }
  const shift = 1 / (s * n);
  return Array.from(inverseDiagonalSpd(h, n), (v) => v - shift);
}
