// Numerical kernels for the Bradley–Terry fit: symmetric positive definite systems only.
import { choleskyInPlace, inverseDiagonalFromCholesky } from "./blocked-cholesky.ts";

/** y = A·x for a symmetric positive definite operator given as a function. */
export type SpdOperator = (x: Float64Array, out: Float64Array) => void;

/**
 * Solves A·x = b by conjugate gradients with a Jacobi (diagonal) preconditioner.
 * Returns the number of iterations used; `x` holds the solution.
 */
export function solveConjugateGradient(
  apply: SpdOperator,
  diagonal: Float64Array,
  b: Float64Array,
  x: Float64Array,
  relativeTolerance: number,
  maxIterations: number,
): number {
  const n = b.length;
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const ap = new Float64Array(n);
  x.fill(0);
  r.set(b);
  let bNorm = 0;
  for (let i = 0; i < n; i++) bNorm += b[i]! * b[i]!;
  bNorm = Math.sqrt(bNorm);
  if (bNorm === 0) return 0;
  let rz = 0;
  for (let i = 0; i < n; i++) {
    z[i] = r[i]! / diagonal[i]!;
    p[i] = z[i]!;
    rz += r[i]! * z[i]!;
  }
  for (let iter = 1; iter <= maxIterations; iter++) {
    apply(p, ap);
    let pap = 0;
    for (let i = 0; i < n; i++) pap += p[i]! * ap[i]!;
    const alpha = rz / pap;
    let rNorm = 0;
    for (let i = 0; i < n; i++) {
      x[i] = x[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * ap[i]!;
      rNorm += r[i]! * r[i]!;
    }
    if (Math.sqrt(rNorm) <= relativeTolerance * bNorm) return iter;
    let rzNext = 0;
    for (let i = 0; i < n; i++) {
      z[i] = r[i]! / diagonal[i]!;
      rzNext += r[i]! * z[i]!;
    }
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < n; i++) p[i] = z[i]! + beta * p[i]!;
  }
  return maxIterations;
}

/**
 * Diagonal of A⁻¹ for a dense symmetric positive definite n×n matrix (row-major).
 * Cholesky A = L·Lᵀ, then (A⁻¹)_jj = ‖L⁻¹·e_j‖². Reads only the lower triangle; destroys `a`.
 * O(n³/3) multiply-adds in register-blocked loops (blocked-cholesky.ts).
 */
export function inverseDiagonalSpd(a: Float64Array, n: number): Float64Array {
  choleskyInPlace(a, n);
  return inverseDiagonalFromCholesky(a, n);
}

/**
 * log det A for a dense symmetric positive definite n×n matrix (row-major): 2 Σ log L_jj of its
 * Cholesky factor. Destroys `a`.
 *
 * @example
 * logDeterminantSpd(Float64Array.from([4, 1, 1, 3]), 2); // ln 11
 */
export function logDeterminantSpd(a: Float64Array, n: number): number {
  choleskyInPlace(a, n);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += 2 * Math.log(a[j * n + j]!);
  return sum;
}
