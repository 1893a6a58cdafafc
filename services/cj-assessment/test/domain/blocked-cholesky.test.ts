import { describe, expect, test } from "bun:test";
import { inverseDiagonalSpd, logDeterminantSpd } from "../../src/domain/linear-algebra.ts";
import { createRng, type Rng } from "../../src/domain/random.ts";
import { createDotKernel, RESULT_SLOTS } from "../../src/domain/simd-dot.ts";

// The WebAssembly SIMD kernels (2×4 dot-product blocks, four-column panels, rows in pairs, odd
// lengths finished in JavaScript) against a dense Gauss–Jordan inverse written here, on every size
// remainder mod 4 and on Bradley–Terry-like information matrices (graph Laplacian + weak prior).

/** Full inverse and log-determinant of a dense matrix (row-major) by Gauss–Jordan, partial pivoting. */
function reference(a: Float64Array, n: number): { inverse: number[][]; logDet: number } {
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => a[i * n + j]!),
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    logDet += Math.log(Math.abs(pivot));
    for (let k = 0; k < 2 * n; k++) m[c]![k]! /= pivot;
    for (let r = 0; r < n; r++) {
      const f = m[r]![c]!;
      if (r !== c && f !== 0) for (let k = 0; k < 2 * n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return { inverse: m.map((row) => row.slice(n)), logDet };
}

/** Symmetric, diagonally dominant: well conditioned. */
function dominant(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng() - 0.5;
  for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + n;
  return a;
}

/** Weighted comparison-graph Laplacian plus prior precision 1/9: the matrix the exact SEs invert. */
function information(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1 / 9;
  for (let e = 0; e < 3 * n; e++) {
    const x = Math.floor(rng() * n);
    const y = Math.floor(rng() * n);
    if (x === y) continue;
    const w = 0.05 + 0.2 * rng();
    a[x * n + x] = a[x * n + x]! + w;
    a[y * n + y] = a[y * n + y]! + w;
    a[x * n + y] = a[x * n + y]! - w;
    a[y * n + x] = a[y * n + x]! - w;
  }
  return a;
}

const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 64, 97];

describe("inverseDiagonalSpd and logDeterminantSpd (SIMD kernels) against Gauss–Jordan", () => {
  for (const [label, make] of [["diagonally dominant", dominant], ["BT information", information]] as const) {
    test(`${label}: sizes ${SIZES.join(", ")}`, () => {
      const rng = createRng(label.length);
      for (const n of SIZES) {
        const a = make(n, rng);
        const { inverse, logDet } = reference(a, n);
        const d = inverseDiagonalSpd(a, n);
        expect(d.length).toBe(n);
        for (let i = 0; i < n; i++) expect(Math.abs(d[i]! / inverse[i]![i]! - 1)).toBeLessThan(1e-11);
        expect(Math.abs(logDeterminantSpd(a, n) - logDet)).toBeLessThan(1e-9 * Math.max(1, Math.abs(logDet)));
      }
    }, 60_000); // ~0.1 s alone; seen at 6–9 s in one process after the shared and LPS suites on a loaded machine
  }

  test("reads only the lower triangle and leaves the input unchanged", () => {
    const n = 23;
    const a = information(n, createRng(5));
    const expected = inverseDiagonalSpd(a, n);
    const garbled = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) garbled[i * n + j] = 1e6 * (i - j);
    const before = garbled.slice();
    expect(Array.from(inverseDiagonalSpd(garbled, n))).toEqual(Array.from(expected));
    expect(garbled).toEqual(before);
  });

  test("the kernels share one memory: a result does not depend on what an earlier, larger call left in it", () => {
    const small = information(13, createRng(3));
    const fresh = Array.from(inverseDiagonalSpd(small, 13));
    const freshLogDet = logDeterminantSpd(small, 13);
    // A larger call (the memory grows) and a refused one (stops half way) leave other values behind.
    inverseDiagonalSpd(dominant(97, createRng(4)), 97);
    const bad = dominant(40, createRng(6));
    bad[30 * 40 + 30] = -1;
    expect(() => logDeterminantSpd(bad, 40)).toThrow(RangeError);
    expect(Array.from(inverseDiagonalSpd(small, 13))).toEqual(fresh);
    expect(logDeterminantSpd(small, 13)).toBe(freshLogDet);
  });

  test("refuses a matrix that is not positive definite, in a four-column panel and in the tail", () => {
    for (const [n, bad] of [[12, 6], [13, 12], [9, 0]] as const) {
      const a = dominant(n, createRng(n));
      a[bad * n + bad] = -1;
      expect(() => inverseDiagonalSpd(a, n)).toThrow(RangeError);
      expect(() => logDeterminantSpd(a, n)).toThrow(RangeError);
    }
  });
});

describe("createDotKernel dot24", () => {
  test("the eight dot products of two rows with four, for every length 0…9 and unaligned starts", () => {
    const rng = createRng(11);
    const kernel = createDotKernel(64);
    const m = kernel.m;
    for (let i = RESULT_SLOTS; i < RESULT_SLOTS + 64; i++) m[i] = rng() - 0.5;
    const starts = [9, 17, 26, 33, 40, 51];
    for (let len = 0; len <= 9; len++) {
      kernel.dot24(starts[0]!, starts[1]!, starts[2]!, starts[3]!, starts[4]!, starts[5]!, len);
      for (let r = 0; r < 2; r++) {
        for (let c = 0; c < 4; c++) {
          let expected = 0;
          for (let k = 0; k < len; k++) expected += m[starts[r]! + k]! * m[starts[2 + c]! + k]!;
          expect(m[4 * r + c]!).toBeCloseTo(expected, 14);
        }
      }
    }
  });
});
