// Numerical kernels for the Bradley–Terry fit: symmetric positive definite systems only.
import { choleskyInPlace, inverseDiagonalFromCholesky } from "./blocked-cholesky.ts";
import { createDotKernel, RESULT_SLOTS } from "./simd-dot.ts";

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
 * Cholesky A = L·Lᵀ, then (A⁻¹)_jj = ‖L⁻¹·e_j‖². Reads only the lower triangle; `a` is left
 * unchanged (the work happens in a copy in WebAssembly memory). O(n³/3) multiply-adds in SIMD
 * blocks (blocked-cholesky.ts, simd-dot.ts).
 */
export function inverseDiagonalSpd(a: Float64Array, n: number): Float64Array {
  const kernel = createDotKernel(n * n + 4 * n);
  kernel.m.set(a.subarray(0, n * n), RESULT_SLOTS);
  choleskyInPlace(kernel, RESULT_SLOTS, n);
  return inverseDiagonalFromCholesky(kernel, RESULT_SLOTS, n, RESULT_SLOTS + n * n);
}

/**
 * log det A for a dense symmetric positive definite n×n matrix (row-major): 2 Σ log L_jj of its
 * Cholesky factor. Reads only the lower triangle; `a` is left unchanged.
 *
 * @example
 * logDeterminantSpd(Float64Array.from([4, 1, 1, 3]), 2); // ln 11
 */
export function logDeterminantSpd(a: Float64Array, n: number): number {
  const kernel = createDotKernel(n * n);
  kernel.m.set(a.subarray(0, n * n), RESULT_SLOTS);
  choleskyInPlace(kernel, RESULT_SLOTS, n);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += 2 * Math.log(kernel.m[RESULT_SLOTS + j * n + j]!);
  return sum;
}
