/** An ordered grade scale on which anchors are graded and grades are projected. */
export interface GradeScale {
  readonly id: string;
  readonly displayName: string;
  /** Lowest first. */
  readonly grades: readonly string[];
  /** Grade for essays clearly below the lowest anchorable grade, when the scale has one. */
  readonly belowLowestGrade?: string;
  /**
   * How grades are usually distributed on this scale, one share per projected grade (below-lowest
   * first when there is one), summing to 1. A weak prior for where boundaries lie, never a quota.
   */
  readonly usualDistribution: readonly number[];
}

/** Largest numeric range a scale may span (max − min), e.g. 0–100. */
export const MAX_NUMERIC_RANGE = 100;

/**
 * Width of the numeric scales' usual distribution: its SD is the range divided by this. Human
 * scores on real numeric scales spread by range/SD 5.0–10.4, median 6.3 (22 prompts: ELLIPSE 1–5,
 * ASAP 2 on 1–6, ASAP 7 on 0–30, ASAP 8 on 0–60); leaving any one prompt out the median of the
 * others is 6.31–6.38, so a held-out prompt would have got 6 as well (bench/grade-projection-corpus.ts
 * prints it). The earlier range/4 put a quarter of a 1–5 batch's prior at grade 2, where humans give about 9%.
 */
export const NUMERIC_RANGE_PER_SD = 6;

export const GRADE_SCALES = {
  swedish_a_f: {
    id: "swedish_a_f",
    displayName: "Swedish A–F",
    grades: ["F", "E", "D", "C", "B", "A"],
    usualDistribution: [0.06, 0.22, 0.26, 0.24, 0.14, 0.08],
  },
  swedish_8_anchor: {
    id: "swedish_8_anchor",
    displayName: "Swedish 8-anchor (F–A with D+ and C+)",
    grades: ["F", "E", "D", "D+", "C", "C+", "B", "A"],
    usualDistribution: [0.06, 0.18, 0.16, 0.14, 0.14, 0.12, 0.12, 0.08],
  },
  eng5_np_legacy_9_step: {
    id: "eng5_np_legacy_9_step",
    displayName: "ENG5 national test, legacy 9-step",
    grades: ["F+", "E-", "E+", "D-", "D+", "C-", "C+", "B", "A"],
    belowLowestGrade: "F",
    usualDistribution: [0.03, 0.05, 0.08, 0.12, 0.14, 0.15, 0.14, 0.12, 0.1, 0.07],
  },
  numeric_1_5: numericScale(1, 5),
} as const satisfies Record<string, GradeScale>;

export type GradeScaleId = keyof typeof GRADE_SCALES;

const NUMERIC_ID = /^numeric_(\d{1,3})_(\d{1,3})$/;

/**
 * The scale with this id, or undefined for an unknown id. Besides the named scales, any integer
 * range `numeric_<min>_<max>` (0 ≤ min < max, max − min ≤ 100) is a scale, e.g. `numeric_1_6`,
 * `numeric_0_30`, `numeric_0_60`.
 *
 * @example
 * getGradeScale("swedish_a_f")?.grades; // ["F", "E", "D", "C", "B", "A"]
 * getGradeScale("numeric_1_6")?.grades; // ["1", "2", "3", "4", "5", "6"]
 */
export function getGradeScale(id: string): GradeScale | undefined {
  if (Object.hasOwn(GRADE_SCALES, id)) return GRADE_SCALES[id as GradeScaleId];
  const match = NUMERIC_ID.exec(id);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2]);
  // One spelling per range: "numeric_01_05" is not a second id for numeric_1_5.
  if (id !== `numeric_${min}_${max}` || !(min < max) || max - min > MAX_NUMERIC_RANGE) return undefined;
  return numericScale(min, max);
}

/** Grades a batch can be projected to: the below-lowest grade (if any) and the scale's grades. */
export function projectedGrades(scale: GradeScale): readonly string[] {
  return scale.belowLowestGrade === undefined ? scale.grades : [scale.belowLowestGrade, ...scale.grades];
}

/**
 * Whether an anchor may carry this grade (the below-lowest grade is projected, never anchored).
 *
 * @example
 * isAnchorGrade(GRADE_SCALES.swedish_a_f, "C"); // true
 */
export function isAnchorGrade(scale: GradeScale, grade: string): boolean {
  return scale.grades.includes(grade);
}

/**
 * Integer grades min..max. Usual distribution: a normal bell over the range (mean at the middle,
 * SD the range / `NUMERIC_RANGE_PER_SD`, at least half a grade), discretised — most marks cluster in the middle.
 */
function numericScale(min: number, max: number): GradeScale {
  const grades = Array.from({ length: max - min + 1 }, (_, k) => String(min + k));
  const mid = (min + max) / 2;
  const sd = Math.max((max - min) / NUMERIC_RANGE_PER_SD, 0.5);
  const weights = grades.map((_, k) => Math.exp(-0.5 * ((min + k - mid) / sd) ** 2));
  const total = weights.reduce((s, w) => s + w, 0);
  return {
    id: `numeric_${min}_${max}`,
    displayName: `Numeric ${min}–${max}`,
    grades,
    usualDistribution: weights.map((w) => w / total),
  };
}
