/**
 * Multinomial logistic regression with soft targets (each row's target a distribution over the
 * classes), L2-penalised, by full-batch gradient descent: minimises mean cross-entropy + lambda/2 |W|²,
 * intercepts unpenalised. Features should be on a unit scale (standard scores).
 * @example softmax([[1], [-1]], [[1, 0], [0, 1]], 0.01).weights[0]![0]! > 0 // class 0 goes with x
 */
export function softmax(x: readonly number[][], y: readonly number[][], lambda: number, iterations = 600, rate = 0.5): { intercepts: number[]; weights: number[][] } {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  const k = y[0]?.length ?? 0;
  const weights = Array.from({ length: k }, () => new Array<number>(p).fill(0));
  const intercepts = new Array<number>(k).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gw = Array.from({ length: k }, () => new Array<number>(p).fill(0));
    const gb = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const row = x[i]!;
      const probs = probabilities(row, intercepts, weights);
      for (let c = 0; c < k; c++) {
        const err = (probs[c]! - y[i]![c]!) / n;
        gb[c]! += err;
        const g = gw[c]!;
        for (let j = 0; j < p; j++) g[j]! += err * row[j]!;
      }
    }
    for (let c = 0; c < k; c++) {
      intercepts[c]! -= rate * gb[c]!;
      for (let j = 0; j < p; j++) weights[c]![j]! -= rate * (gw[c]![j]! + lambda * weights[c]![j]!);
    }
  }
  return { intercepts, weights };
}

/** The class probabilities of one row. */
export function probabilities(row: readonly number[], intercepts: readonly number[], weights: readonly number[][]): number[] {
  const logits = intercepts.map((b, c) => b + row.reduce((s, v, j) => s + v * weights[c]![j]!, 0));
  const top = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
