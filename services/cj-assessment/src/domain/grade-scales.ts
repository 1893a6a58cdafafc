/** A named, ordered grade scale on which anchors are graded and grades are projected. */
export interface GradeScale {
  readonly id: string;
  readonly displayName: string;
  /** Lowest first. */
  readonly grades: readonly string[];
  /** Grade for essays clearly below the lowest anchored grade, when the scale has one. */
  readonly belowLowestGrade?: string;
}

export const GRADE_SCALES = {
  swedish_a_f: {
    id: "swedish_a_f",
    displayName: "Swedish A–F",
    grades: ["F", "E", "D", "C", "B", "A"],
  },
  swedish_8_anchor: {
    id: "swedish_8_anchor",
    displayName: "Swedish 8-anchor (F–A with D+ and C+)",
    grades: ["F", "E", "D", "D+", "C", "C+", "B", "A"],
  },
  eng5_np_legacy_9_step: {
    id: "eng5_np_legacy_9_step",
    displayName: "ENG5 national test, legacy 9-step",
    grades: ["F+", "E-", "E+", "D-", "D+", "C-", "C+", "B", "A"],
    belowLowestGrade: "F",
  },
  numeric_1_5: {
    id: "numeric_1_5",
    displayName: "Numeric 1–5",
    grades: ["1", "2", "3", "4", "5"],
  },
} as const satisfies Record<string, GradeScale>;

export type GradeScaleId = keyof typeof GRADE_SCALES;

/**
 * The scale with this id, or undefined for an unknown id.
 *
 * @example
 * getGradeScale("swedish_a_f")?.grades; // ["F", "E", "D", "C", "B", "A"]
 */
export function getGradeScale(id: string): GradeScale | undefined {
  return Object.hasOwn(GRADE_SCALES, id) ? GRADE_SCALES[id as GradeScaleId] : undefined;
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
