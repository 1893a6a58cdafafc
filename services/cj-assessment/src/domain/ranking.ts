/**
 * Rank 1 = highest score; tied scores share the mean of their ranks.
 *
 * @example
 * rankByScore([0.2, 1.5, -0.3]); // [2, 1, 3]
 */
export function rankByScore(scores: readonly number[]): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const ranks = new Array<number>(scores.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const shared = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = shared;
    start = end;
  }
  return ranks;
}

/**
 * Spearman rank correlation (Pearson correlation of tie-averaged ranks).
 *
 * @example
 * spearman([1, 2, 3], [10, 20, 30]); // 1
 */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError("spearman needs two equally long series");
  return pearson(rankByScore(a), rankByScore(b));
}

/**
 * Pearson correlation; NaN when either series is constant.
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // ≈ 0.99
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError("pearson needs two equally long series");
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}
