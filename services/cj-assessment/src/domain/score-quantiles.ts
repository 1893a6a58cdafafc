import { normalCdf } from "./reliability.ts";

/** A batch essay on the fitted scale. */
export interface ScoredItem {
  readonly score: number;
  readonly standardError: number;
}

/**
 * Thresholds that split the batch's own score distribution in the scale's usual proportions: the
 * K−1 quantiles, at the usual distribution's cumulative shares, of a smoothed distribution of the
 * essays' scores (each essay a normal around its score, SD √(SE² + h²), h Silverman's bandwidth).
 * Smooth and strictly increasing, so the outer quantiles of a small batch stay apart and lie past
 * its extreme essays instead of on them.
 *
 * @example
 * matchedQuantileThresholds([-1, 0, 1].map((score) => ({ score, standardError: 0.2 })), [0.25, 0.5, 0.25]); // ≈ [-0.8, 0.8]
 */
export function matchedQuantileThresholds(items: readonly ScoredItem[], usual: readonly number[]): number[] {
  if (items.length === 0) throw new RangeError("quantiles need at least one scored item");
  const n = items.length;
  const mean = items.reduce((s, i) => s + i.score, 0) / n;
  const sd = Math.sqrt(items.reduce((s, i) => s + (i.score - mean) ** 2, 0) / Math.max(n - 1, 1));
  const h = Math.max(1.06 * sd * n ** -0.2, 0.05);
  const widths = items.map((i) => Math.sqrt(i.standardError ** 2 + h * h));
  const cdf = (t: number) => items.reduce((s, it, j) => s + normalCdf((t - it.score) / widths[j]!), 0) / n;
  const lo = Math.min(...items.map((i, j) => i.score - 8 * widths[j]!));
  const hi = Math.max(...items.map((i, j) => i.score + 8 * widths[j]!));
  const total = usual.reduce((s, w) => s + w, 0);
  const out: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < usual.length - 1; j++) {
    cumulative += usual[j]! / total;
    const q = Math.min(Math.max(cumulative, 1e-6), 1 - 1e-6);
    let [a, b] = [lo, hi];
    for (let step = 0; step < 60; step++) {
      const m = (a + b) / 2;
      if (cdf(m) < q) a = m;
      else b = m;
    }
    const t = (a + b) / 2;
    out.push(j > 0 ? Math.max(t, out[j - 1]! + 1e-3 * Math.max(sd, 0.25)) : t);
  }
  return out;
}
