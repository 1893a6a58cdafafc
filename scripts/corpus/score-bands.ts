// Human scores → integer bands on a numeric grade scale, and the length-only baseline grade. Pure.

export interface BandRange {
  min: number;
  max: number;
}

/**
 * The band of a score: rounded half up (ELLIPSE's 2.5 → 3), then clamped into the range.
 * @example bandOf(2.5, { min: 1, max: 5 }); // 3
 */
export function bandOf(score: number, range: BandRange): number {
  return Math.min(range.max, Math.max(range.min, Math.floor(score + 0.5)));
}

/** The integer band range spanned by a group's scores. */
export function bandRangeOf(scores: readonly number[]): BandRange {
  if (scores.length === 0) throw new Error("no scores to take a band range from");
  return { min: Math.floor(Math.min(...scores) + 0.5), max: Math.floor(Math.max(...scores) + 0.5) };
}

/** Every band from min to max. */
export function bandsOf(range: BandRange): number[] {
  return Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
}

/**
 * The numeric grade scale id for a band range, e.g. `numeric_1_6` (`numeric_1_5` exists today;
 * other ranges are the assignment-defined scales of issue 18).
 */
export function numericScaleId(range: BandRange): string {
  return `numeric_${range.min}_${range.max}`;
}

/** A projected grade as a band number, or undefined for none or a non-numeric grade. */
export function gradeAsBand(grade: string | null | undefined): number | undefined {
  if (grade === null || grade === undefined || grade.trim() === "") return undefined;
  const n = Number(grade);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The length-only baseline: the band of the anchor whose word count is nearest the essay's
 * (ties go to the lower band, so the baseline is never flattered by the tie rule).
 */
export function nearestLengthBand(wordCount: number, anchors: readonly { wordCount: number; band: number }[]): number | undefined {
  let best: { distance: number; band: number } | undefined;
  for (const a of anchors) {
    const distance = Math.abs(a.wordCount - wordCount);
    if (!best || distance < best.distance || (distance === best.distance && a.band < best.band)) best = { distance, band: a.band };
  }
  return best?.band;
}
