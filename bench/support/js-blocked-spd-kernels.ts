// The exact-SE kernels as they were before the WebAssembly SIMD ones (services/cj-assessment/src/
// domain/blocked-cholesky.ts): plain JavaScript, register-blocked (2×2 in the factorisation, 4
// right-hand sides in the inverse). Kept for bench/cj-bt-fit.ts to time against in the same run.

/** Diagonal of A⁻¹ (row-major n×n SPD, lower triangle read); destroys `a`. */
export function jsBlockedInverseDiagonalSpd(a: Float64Array, n: number): Float64Array {
  choleskyInPlace(a, n);
  return inverseDiagonalFromCholesky(a, n);
}

/**
 * Lower Cholesky factor L (A = L·Lᵀ) written over the lower triangle of the row-major n×n `a`
 * (the upper triangle is neither read nor written). Left-looking, two columns and two rows at a
 * time: about 2× the throughput of the one-column form. Throws when A is not positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const rj = j * n;
    const rj1 = rj + n;
    let s00 = a[rj + j]!;
    let s10 = a[rj1 + j]!;
    let s11 = a[rj1 + j + 1]!;
    for (let k = 0; k < j; k++) {
      const x = a[rj + k]!;
      const y = a[rj1 + k]!;
      s00 -= x * x;
      s10 -= y * x;
      s11 -= y * y;
    }
    const d0 = pivot(s00);
    const l10 = s10 / d0;
    const d1 = pivot(s11 - l10 * l10);
    a[rj + j] = d0;
    a[rj1 + j] = l10;
    a[rj1 + j + 1] = d1;
    let i = j + 2;
    for (; i + 1 < n; i += 2) {
      const ri = i * n;
      const ri1 = ri + n;
      let t00 = 0;
      let t01 = 0;
      let t10 = 0;
      let t11 = 0;
      for (let k = 0; k < j; k++) {
        const x0 = a[ri + k]!;
        const x1 = a[ri1 + k]!;
        const y0 = a[rj + k]!;
        const y1 = a[rj1 + k]!;
        t00 += x0 * y0;
        t01 += x0 * y1;
        t10 += x1 * y0;
        t11 += x1 * y1;
      }
      const li0 = (a[ri + j]! - t00) / d0;
      const li1 = (a[ri1 + j]! - t10) / d0;
      a[ri + j] = li0;
      a[ri1 + j] = li1;
      a[ri + j + 1] = (a[ri + j + 1]! - t01 - li0 * l10) / d1;
      a[ri1 + j + 1] = (a[ri1 + j + 1]! - t11 - li1 * l10) / d1;
    }
    if (i < n) {
      const ri = i * n;
      let t0 = 0;
      let t1 = 0;
      for (let k = 0; k < j; k++) {
        const x = a[ri + k]!;
        t0 += x * a[rj + k]!;
        t1 += x * a[rj1 + k]!;
      }
      const li0 = (a[ri + j]! - t0) / d0;
      a[ri + j] = li0;
      a[ri + j + 1] = (a[ri + j + 1]! - t1 - li0 * l10) / d1;
    }
  }
  if (j < n) {
    const rj = j * n;
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) s -= a[rj + k]! * a[rj + k]!;
    a[rj + j] = pivot(s);
  }
}

function pivot(s: number): number {
  if (!(s > 0)) throw new RangeError("matrix is not positive definite");
  return Math.sqrt(s);
}

/**
 * diag(A⁻¹) from the Cholesky factor L in the lower triangle of `a` (left intact): column j of
 * L⁻¹ is x = L⁻¹·e_j (forward substitution, rows of L read contiguously) and (A⁻¹)_jj = Σ_i x_i².
 * Four columns share each pass over L. O(n³/6) multiply-adds and O(n) extra memory.
 */
export function inverseDiagonalFromCholesky(a: Float64Array, n: number): Float64Array {
  const diag = new Float64Array(n);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  for (let j = 0; j < n; j += 4) {
    // Columns j..j+3 (those past n stay zero and cost a little wasted work at the very end).
    x0.fill(0, j);
    x1.fill(0, j);
    x2.fill(0, j);
    x3.fill(0, j);
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    for (let i = j; i < n; i++) {
      const ri = i * n;
      let s0 = i === j ? 1 : 0;
      let s1 = i === j + 1 ? 1 : 0;
      let s2 = i === j + 2 ? 1 : 0;
      let s3 = i === j + 3 ? 1 : 0;
      for (let k = j; k < i; k++) {
        const l = a[ri + k]!;
        s0 -= l * x0[k]!;
        s1 -= l * x1[k]!;
        s2 -= l * x2[k]!;
        s3 -= l * x3[k]!;
      }
      const lii = a[ri + i]!;
      const v0 = s0 / lii;
      const v1 = s1 / lii;
      const v2 = s2 / lii;
      const v3 = s3 / lii;
      x0[i] = v0;
      x1[i] = v1;
      x2[i] = v2;
      x3[i] = v3;
      q0 += v0 * v0;
      q1 += v1 * v1;
      q2 += v2 * v2;
      q3 += v3 * v3;
    }
    diag[j] = q0;
    if (j + 1 < n) diag[j + 1] = q1;
    if (j + 2 < n) diag[j + 2] = q2;
    if (j + 3 < n) diag[j + 3] = q3;
  }
  return diag;
}
