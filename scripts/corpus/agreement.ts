// Agreement statistics for the corpus runner: Spearman's rho (ties get average ranks) and
// quadratic-weighted kappa on integer bands. Pure; undefined when a statistic is not defined.

/** Average ranks (1-based), ties sharing the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as { value: number }).value === (order[i] as { value: number }).value) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[(order[k] as { index: number }).index] = rank;
    i = j + 1;
  }
  return ranks;
}

function pearson(x: readonly number[], y: readonly number[]): number | undefined {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? undefined : sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's rho: Pearson on average ranks. Undefined for fewer than 3 pairs or a constant side.
 * @example spearman([1, 2, 3, 4], [10, 20, 30, 40]); // 1
 */
export function spearman(x: readonly number[], y: readonly number[]): number | undefined {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} vs ${y.length} values`);
  if (x.length < 3) return undefined;
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Quadratic-weighted kappa of two raters' integer bands on [min, max]:
 * 1 − Σ w·O / Σ w·E with w = (i−j)² / (max−min)², E from the marginals.
 * Undefined when there is nothing to agree on (no pairs, a one-band range, or E all on the diagonal).
 * @example quadraticWeightedKappa([1, 2, 3], [1, 2, 3], { min: 1, max: 3 }); // 1
 */
export function quadraticWeightedKappa(a: readonly number[], b: readonly number[], range: { min: number; max: number }): number | undefined {
  if (a.length !== b.length) throw new Error(`qwk: ${a.length} vs ${b.length} values`);
  const k = range.max - range.min + 1;
  if (a.length === 0 || k < 2) return undefined;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  const cell = (v: number) => {
    if (!Number.isInteger(v) || v < range.min || v > range.max) throw new Error(`qwk: band ${v} outside ${range.min}–${range.max}`);
    return v - range.min;
  };
  for (let n = 0; n < a.length; n++) {
    const i = cell(a[n] as number);
    const j = cell(b[n] as number);
    (observed[i] as number[])[j] = ((observed[i] as number[])[j] as number) + 1;
    rowTotals[i] = (rowTotals[i] as number) + 1;
    colTotals[j] = (colTotals[j] as number) + 1;
  }
  let weightedObserved = 0;
  let weightedExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      weightedObserved += w * ((observed[i] as number[])[j] as number);
      weightedExpected += (w * (rowTotals[i] as number) * (colTotals[j] as number)) / a.length;
    }
  }
  return weightedExpected === 0 ? undefined : 1 - weightedObserved / weightedExpected;
}

/** Share of pairs whose bands differ by at most `tolerance` (0 = exact agreement). */
export function agreementRate(a: readonly number[], b: readonly number[], tolerance: number): number | undefined {
  if (a.length === 0) return undefined;
  return a.filter((v, i) => Math.abs(v - (b[i] as number)) <= tolerance).length / a.length;
}

export function mean(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return defined.length === 0 ? undefined : defined.reduce((s, v) => s + v, 0) / defined.length;
}
