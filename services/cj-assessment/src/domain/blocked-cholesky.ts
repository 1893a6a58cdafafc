// Dense SPD kernels for the exact Bradley–Terry SEs (n up to ~1,500). The O(n³) work is blocks of
// 2×4 dot products (simd-dot.ts, WebAssembly f64x2); the O(n²) remainder stays in JavaScript.
// Matrices are row-major n×n at element offset `a` of the kernel memory `k.m`.
import { type DotKernel } from "./simd-dot.ts";

function pivot(s: number): number {
  if (!(s > 0)) throw new RangeError("matrix is not positive definite");
  return Math.sqrt(s);
}

/**
 * Lower Cholesky factor L (A = L·Lᵀ) over the lower triangle of the matrix at `a` (the upper
 * triangle is neither read nor written). Left-looking, four columns at a time, rows in pairs.
 * Throws when A is not positive definite.
 */
export function choleskyInPlace(k: DotKernel, a: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) panel(k, a, n, j);
  for (; j < n; j++) singleColumn(k.m, a, n, j);
}

function singleColumn(m: Float64Array, a: number, n: number, j: number): void {
  const rj = a + j * n;
  let s = m[rj + j]!;
  for (let c = 0; c < j; c++) s -= m[rj + c]! * m[rj + c]!;
  const d = pivot(s);
  m[rj + j] = d;
  for (let i = j + 1; i < n; i++) {
    const ri = a + i * n;
    let t = m[ri + j]!;
    for (let c = 0; c < j; c++) t -= m[ri + c]! * m[rj + c]!;
    m[ri + j] = t / d;
  }
}

/** Columns j…j+3 of L: the 4×4 diagonal block, then every row below it. */
function panel(k: DotKernel, a: number, n: number, j: number): void {
  const m = k.m;
  const r0 = a + j * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  k.dot24(r0, r1, r0, r1, r2, r3, j);
  const s00 = m[r0 + j]! - m[0]!;
  const s10 = m[r1 + j]! - m[4]!;
  const s11 = m[r1 + j + 1]! - m[5]!;
  k.dot24(r2, r3, r0, r1, r2, r3, j);
  const s20 = m[r2 + j]! - m[0]!;
  const s21 = m[r2 + j + 1]! - m[1]!;
  const s22 = m[r2 + j + 2]! - m[2]!;
  const s30 = m[r3 + j]! - m[4]!;
  const s31 = m[r3 + j + 1]! - m[5]!;
  const s32 = m[r3 + j + 2]! - m[6]!;
  const s33 = m[r3 + j + 3]! - m[7]!;
  const d0 = pivot(s00);
  const l10 = s10 / d0;
  const l20 = s20 / d0;
  const l30 = s30 / d0;
  const d1 = pivot(s11 - l10 * l10);
  const l21 = (s21 - l20 * l10) / d1;
  const l31 = (s31 - l30 * l10) / d1;
  const d2 = pivot(s22 - l20 * l20 - l21 * l21);
  const l32 = (s32 - l30 * l20 - l31 * l21) / d2;
  const d3 = pivot(s33 - l30 * l30 - l31 * l31 - l32 * l32);
  m[r0 + j] = d0;
  m[r1 + j] = l10;
  m[r1 + j + 1] = d1;
  m[r2 + j] = l20;
  m[r2 + j + 1] = l21;
  m[r2 + j + 2] = d2;
  m[r3 + j] = l30;
  m[r3 + j + 1] = l31;
  m[r3 + j + 2] = l32;
  m[r3 + j + 3] = d3;
  // Row r of L in columns j…j+3 from its dot products t0…t3 with rows j…j+3 (slots at `slot`).
  const finish = (r: number, slot: number): void => {
    const u0 = (m[r + j]! - m[slot]!) / d0;
    const u1 = (m[r + j + 1]! - m[slot + 1]! - u0 * l10) / d1;
    const u2 = (m[r + j + 2]! - m[slot + 2]! - u0 * l20 - u1 * l21) / d2;
    m[r + j + 3] = (m[r + j + 3]! - m[slot + 3]! - u0 * l30 - u1 * l31 - u2 * l32) / d3;
    m[r + j] = u0;
    m[r + j + 1] = u1;
    m[r + j + 2] = u2;
  };
  let i = j + 4;
  for (; i + 1 < n; i += 2) {
    const ri = a + i * n;
    k.dot24(ri, ri + n, r0, r1, r2, r3, j);
    finish(ri, 0);
    finish(ri + n, 4);
  }
  if (i < n) {
    const ri = a + i * n;
    k.dot24(ri, ri, r0, r1, r2, r3, j);
    finish(ri, 0);
  }
}

/**
 * diag(A⁻¹) from the Cholesky factor L at `a` (left intact): column j of L⁻¹ is x = L⁻¹·e_j
 * (forward substitution) and (A⁻¹)_jj = Σ_i x_i². Four columns at a time, rows in pairs, in the
 * scratch vectors x0…x3 (4n doubles at `x`). O(n³/6) multiply-adds.
 */
export function inverseDiagonalFromCholesky(k: DotKernel, a: number, n: number, x: number): Float64Array {
  const m = k.m;
  const diag = new Float64Array(n);
  const x0 = x;
  const x1 = x + n;
  const x2 = x1 + n;
  const x3 = x2 + n;
  const q = new Float64Array(4);
  // Entry i of the columns j…j+3 from the dot products at `slot` (identity minus Σ L_ik x_k).
  const solveRow = (i: number, j: number, slot: number): void => {
    const lii = m[a + i * n + i]!;
    for (let c = 0; c < 4; c++) {
      const v = ((i === j + c ? 1 : 0) - m[slot + c]!) / lii;
      m[x0 + c * n + i] = v;
      q[c] = q[c]! + v * v;
    }
  };
  for (let j = 0; j < n; j += 4) {
    m.fill(0, x0 + j, x0 + n);
    m.fill(0, x1 + j, x1 + n);
    m.fill(0, x2 + j, x2 + n);
    m.fill(0, x3 + j, x3 + n);
    q.fill(0);
    let i = j;
    for (; i + 1 < n; i += 2) {
      const ri = a + i * n + j;
      k.dot24(ri, ri + n, x0 + j, x1 + j, x2 + j, x3 + j, i - j);
      solveRow(i, j, 0);
      // Row i+1 also needs L_{i+1,i}·x_i, the entry just solved.
      const li = m[ri + n + (i - j)]!;
      for (let c = 0; c < 4; c++) m[4 + c] = m[4 + c]! + li * m[x0 + c * n + i]!;
      solveRow(i + 1, j, 4);
    }
    if (i < n) {
      const ri = a + i * n + j;
      k.dot24(ri, ri, x0 + j, x1 + j, x2 + j, x3 + j, i - j);
      solveRow(i, j, 0);
    }
    for (let c = 0; c < 4 && j + c < n; c++) diag[j + c] = q[c]!;
  }
  return diag;
}
