/** The most events (or the largest weight) inside any half-open window [t, t + windowMs) starting at an event. */
export function maxInAnyWindow(times: number[], windowMs: number, weights?: number[]): number {
  const order = times.map((t, i) => ({ t, w: weights?.[i] ?? 1 })).sort((a, b) => a.t - b.t);
  let best = 0;
  let sum = 0;
  let end = 0;
  for (let start = 0; start < order.length; start++) {
    while (end < order.length && (order[end]?.t ?? 0) < (order[start]?.t ?? 0) + windowMs) sum += order[end++]?.w ?? 0;
    best = Math.max(best, sum);
    sum -= order[start]?.w ?? 0;
  }
  return best;
}
