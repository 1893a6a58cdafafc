import { describe, expect, test } from "bun:test";
import { inverseDiagonalSpd, logDeterminantSpd, solveConjugateGradient } from "../../src/domain/linear-algebra.ts";

describe("inverseDiagonalSpd", () => {
  test("2×2 by hand: [[4,1],[1,3]]⁻¹ has diagonal 3/11, 4/11", () => {
    const d = inverseDiagonalSpd(Float64Array.from([4, 1, 1, 3]), 2);
    expect(d[0]!).toBeCloseTo(3 / 11, 14);
    expect(d[1]!).toBeCloseTo(4 / 11, 14);
  });

  test("matches A·x = e_i solved by conjugate gradients on a random SPD matrix", () => {
    const n = 30;
    const a = new Float64Array(n * n);
    let seed = 1;
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
    for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + n; // diagonally dominant → SPD
    const apply = (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
        out[i] = s;
      }
    };
    const diagonal = Float64Array.from({ length: n }, (_, i) => a[i * n + i]!);
    const expected = Array.from({ length: n }, (_, i) => {
      const e = new Float64Array(n);
      e[i] = 1;
      const x = new Float64Array(n);
      solveConjugateGradient(apply, diagonal, e, x, 1e-14, 200);
      return x[i]!;
    });
    const d = inverseDiagonalSpd(a.slice(), n);
    for (let i = 0; i < n; i++) expect(d[i]!).toBeCloseTo(expected[i]!, 12);
  });

  test("refuses a matrix that is not positive definite", () => {
    expect(() => inverseDiagonalSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(RangeError);
  });
});

describe("logDeterminantSpd", () => {
  test("2×2 by hand: det [[4,1],[1,3]] = 11; the identity has log det 0; not positive definite is refused", () => {
    expect(logDeterminantSpd(Float64Array.from([4, 1, 1, 3]), 2)).toBeCloseTo(Math.log(11), 12);
    expect(logDeterminantSpd(Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3)).toBeCloseTo(0, 12);
    expect(() => logDeterminantSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(RangeError);
  });
});
