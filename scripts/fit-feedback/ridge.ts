/**
 * Ridge regression by the normal equations (features are standard scores, so one penalty fits all):
 * minimises |y - b - Xw|² + lambda |w|², the intercept unpenalised.
 * @example ridge([[1], [2], [3]], [2, 4, 6], 0).weights[0] // ≈ 2
 */
export function ridge(x: readonly number[][], y: readonly number[], lambda: number): { intercept: number; weights: number[] } {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  const meanX = Array.from({ length: p }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / n);
  const meanY = y.reduce((s, v) => s + v, 0) / n;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const row = x[i]!.map((v, j) => v - meanX[j]!);
    const yi = y[i]! - meanY;
    for (let j = 0; j < p; j++) {
      b[j]! += row[j]! * yi;
      for (let k = 0; k < p; k++) a[j]![k]! += row[j]! * row[k]!;
    }
  }
  for (let j = 0; j < p; j++) a[j]![j]! += lambda;
  const weights = solve(a, b);
  return { intercept: meanY - weights.reduce((s, w, j) => s + w * meanX[j]!, 0), weights };
}

/** Gaussian elimination with partial pivoting (a is symmetric positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const p = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < p; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= p; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const w = new Array<number>(p).fill(0);
  for (let r = p - 1; r >= 0; r--) {
    let s = m[r]![p]!;
    for (let k = r + 1; k < p; k++) s -= m[r]![k]! * w[k]!;
    w[r] = s / m[r]![r]!;
  }
  return w;
}
