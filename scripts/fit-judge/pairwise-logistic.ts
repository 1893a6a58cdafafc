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
 * @example fitPairwiseLogistic(rows, pairs, 1).weights
 */
export function fitPairwiseLogistic(
  rows: readonly Float64Array[],
  pairs: readonly TrainingPair[],
  penalty: number,
  iterations = 30,
): { weights: Float64Array; logLoss: number } {
  const k = rows[0]?.length ?? 0;
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
      grad[i]! -= penalty * w[i]!;
      hess[i * k + i]! += penalty;
      for (let j = 0; j < i; j++) hess[j * k + i] = hess[i * k + j]!;
    }
    const step = solve(hess, grad, k);
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

/** Solve the symmetric positive-definite system A x = b by Cholesky. */
function solve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j]!;
      for (let m = 0; m < j; m++) sum -= l[i * k + m]! * l[j * k + m]!;
      l[i * k + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * k + j]!;
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i]!;
    for (let m = 0; m < i; m++) sum -= l[i * k + m]! * y[m]!;
    y[i] = sum / l[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i]! * x[m]!;
    x[i] = sum / l[i * k + i]!;
  }
  return x;
}
