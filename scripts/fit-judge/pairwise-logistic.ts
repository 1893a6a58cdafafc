import { cholesky, choleskySolve } from "../../services/cj-assessment/src/domain/dense-cholesky.ts";

/** A pair of essays of one prompt whose human scores differ: did the first score higher? */
export interface TrainingPair {
  readonly a: number;
  readonly b: number;
  readonly aHigher: boolean;
  readonly weight: number;
}

/**
 * L2-penalised logistic regression on feature differences: P(a beats b) = σ(w·(x_a − x_b)).
 * Consistent with Bradley–Terry (each essay's ability is w·x), so the fitted weights score one
 * essay on its own and swapping a and b flips the probability exactly. Newton–Raphson.
 * `penalty` is one L2 penalty for every weight or one per weight; weights in `fixedAtZero` stay 0
 * (how a sign constraint is enforced: a weight that came out negative is fixed and the rest refitted);
 * `prior` moves the penalty's centre from 0 to the given weights (shrink towards a simpler model).
 * @example fitPairwiseLogistic(rows, pairs, 1).weights
 */
export function fitPairwiseLogistic(
  rows: readonly Float64Array[],
  pairs: readonly TrainingPair[],
  penalty: number | Float64Array,
  iterations = 30,
  fixedAtZero: ReadonlySet<number> = new Set(),
  prior?: Float64Array,
): { weights: Float64Array; logLoss: number } {
  const k = rows[0]?.length ?? 0;
  const penalties = typeof penalty === "number" ? new Float64Array(k).fill(penalty) : penalty;
  const w = new Float64Array(k);
  const diff = new Float64Array(k);
  let logLoss = 0;
  for (let iter = 0; iter < iterations; iter++) {
    const grad = new Float64Array(k);
    const hess = new Float64Array(k * k);
    let totalWeight = 0;
    logLoss = 0;
    for (const { a, b, aHigher, weight } of pairs) {
      const xa = rows[a]!;
      const xb = rows[b]!;
      let z = 0;
      for (let j = 0; j < k; j++) {
        diff[j] = xa[j]! - xb[j]!;
        z += w[j]! * diff[j]!;
      }
      const p = 1 / (1 + Math.exp(-z));
      const y = aHigher ? 1 : 0;
      logLoss -= weight * Math.log(Math.max(1e-12, y ? p : 1 - p));
      totalWeight += weight;
      const g = weight * (y - p);
      const h = weight * p * (1 - p);
      for (let i = 0; i < k; i++) {
        grad[i]! += g * diff[i]!;
        for (let j = 0; j <= i; j++) hess[i * k + j]! += h * diff[i]! * diff[j]!;
      }
    }
    for (let i = 0; i < k; i++) {
      grad[i]! -= penalties[i]! * (w[i]! - (prior?.[i] ?? 0));
      // An unpenalised weight gets a tiny ridge so the Hessian stays positive definite.
      hess[i * k + i]! += Math.max(penalties[i]!, 1e-6);
      for (let j = 0; j < i; j++) hess[j * k + i] = hess[i * k + j]!;
    }
    for (const f of fixedAtZero) {
      grad[f] = 0;
      for (let j = 0; j < k; j++) hess[f * k + j] = hess[j * k + f] = 0;
      hess[f * k + f] = 1;
    }
    const step = choleskySolve(cholesky(hess, k)!, k, grad);
    let largest = 0;
    for (let i = 0; i < k; i++) {
      w[i]! += step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    logLoss /= totalWeight;
    if (largest < 1e-7) break;
  }
  return { weights: w, logLoss };
}
