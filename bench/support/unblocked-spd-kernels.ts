// The exact-SE kernel as it was before the register-blocked one (one column at a time, L⁻¹ row by
// row), kept for bench/cj-bt-fit.ts to time against in the same run.

/** Diagonal of A⁻¹ (row-major n×n SPD, both triangles filled); destroys `a`. */
export function unblockedInverseDiagonalSpd(a: Float64Array, n: number): Float64Array {
  choleskyInPlace(a, n);
  return inverseDiagonalFromCholesky(a, n);
}

/** Lower Cholesky factor L (A = L·Lᵀ) written over the lower triangle of `a`. */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) s -= a[rj + k]! * a[rj + k]!;
    if (!(s > 0)) throw new RangeError("matrix is not positive definite");
    const d = Math.sqrt(s);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      // Four accumulators: about 25 % faster in Bun than one (the dot products are the O(n³) part).
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      let k = 0;
      for (; k + 3 < j; k += 4) {
        t0 += a[ri + k]! * a[rj + k]!;
        t1 += a[ri + k + 1]! * a[rj + k + 1]!;
        t2 += a[ri + k + 2]! * a[rj + k + 2]!;
        t3 += a[ri + k + 3]! * a[rj + k + 3]!;
      }
      for (; k < j; k++) t0 += a[ri + k]! * a[rj + k]!;
      a[ri + j] = (a[ri + j]! - (t0 + t1 + t2 + t3)) / d;
    }
  }
}

function inverseDiagonalFromCholesky(a: Float64Array, n: number): Float64Array {
  // Overwrite row i of L with row i of L⁻¹: X_i = (e_i − Σ_{k<i} L_ik·X_k) / L_ii.
  const row = new Float64Array(n);
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    row.fill(0, 0, i + 1);
    for (let k = 0; k < i; k++) {
      const lik = a[ri + k]!;
      const rk = k * n;
      let j = 0;
      for (; j + 3 <= k; j += 4) {
        row[j] = row[j]! - lik * a[rk + j]!;
        row[j + 1] = row[j + 1]! - lik * a[rk + j + 1]!;
        row[j + 2] = row[j + 2]! - lik * a[rk + j + 2]!;
        row[j + 3] = row[j + 3]! - lik * a[rk + j + 3]!;
      }
      for (; j <= k; j++) row[j] = row[j]! - lik * a[rk + j]!;
    }
    const lii = a[ri + i]!;
    row[i] = 1;
    for (let j = 0; j <= i; j++) {
      const x = row[j]! / lii;
      a[ri + j] = x;
      diag[j] = diag[j]! + x * x;
    }
  }
  return diag;
}
