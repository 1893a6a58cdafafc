/** One grade of an essay's projected distribution. */
export interface GradeShare {
  grade: string;
  /** 0-1, as the API gave it. */
  probability: number;
  /** Whole percent; the shares of one essay add up to exactly 100 (largest remainder). */
  percent: number;
}

/**
 * An essay's grade probabilities, best grade first. CJ lists them in scale order, lowest grade first
 * (F … A); the view shows them the other way round, as a teacher reads a grade list.
 */
export function gradeDistribution(probabilities: Readonly<Record<string, number>>): GradeShare[] {
  const entries = Object.entries(probabilities).filter(([, p]) => Number.isFinite(p) && p >= 0).reverse();
  const total = entries.reduce((sum, [, p]) => sum + p, 0);
  if (total <= 0) return [];
  const exact = entries.map(([, p]) => (p / total) * 100);
  const percents = exact.map(Math.floor);
  let missing = 100 - percents.reduce((sum, p) => sum + p, 0);
  // Hand the points lost to rounding down to the largest remainders (earlier grade on a tie).
  const byRemainder = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing <= 0) break;
    percents[i] = (percents[i] ?? 0) + 1;
    missing--;
  }
  return entries.map(([grade, probability], i) => ({ grade, probability, percent: percents[i] ?? 0 }));
}
