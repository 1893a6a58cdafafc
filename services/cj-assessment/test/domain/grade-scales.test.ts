import { describe, expect, test } from "bun:test";
import { GRADE_SCALES, type GradeScale, getGradeScale, isAnchorGrade, NUMERIC_RANGE_PER_SD, projectedGrades } from "../../src/domain/grade-scales.ts";

describe("grade scales", () => {
  test("each scale is keyed by its id, lists distinct grades lowest first, and keeps below-lowest off the list", () => {
    const scales: [string, GradeScale][] = Object.entries(GRADE_SCALES);
    for (const [id, scale] of scales) {
      expect(scale.id).toBe(id);
      expect(new Set(scale.grades).size).toBe(scale.grades.length);
      if (scale.belowLowestGrade !== undefined) expect(scale.grades).not.toContain(scale.belowLowestGrade);
    }
    expect(GRADE_SCALES.swedish_a_f.grades).toEqual(["F", "E", "D", "C", "B", "A"]);
    expect(GRADE_SCALES.numeric_1_5.grades).toEqual(["1", "2", "3", "4", "5"]);
  });

  test("looks scales up by id and rejects unknown ids, including prototype keys", () => {
    expect(getGradeScale("eng5_np_legacy_9_step")?.belowLowestGrade).toBe("F");
    expect(getGradeScale("nope")).toBeUndefined();
    expect(getGradeScale("toString")).toBeUndefined();
  });

  test("anchors may carry scale grades only, never the projected below-lowest grade", () => {
    expect(isAnchorGrade(GRADE_SCALES.swedish_a_f, "C")).toBe(true);
    expect(isAnchorGrade(GRADE_SCALES.eng5_np_legacy_9_step, "F")).toBe(false);
    expect(isAnchorGrade(GRADE_SCALES.numeric_1_5, "6")).toBe(false);
  });

  test("numeric ranges defined by the assignment: numeric_<min>_<max>, one spelling, at most 100 apart", () => {
    expect(getGradeScale("numeric_1_6")?.grades).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(getGradeScale("numeric_0_60")?.grades).toHaveLength(61);
    expect(getGradeScale("numeric_1_5")).toBe(GRADE_SCALES.numeric_1_5);
    for (const bad of ["numeric_5_1", "numeric_3_3", "numeric_01_5", "numeric_0_101", "numeric_-1_5", "numeric_1_5_", "numeric_1"]) {
      expect([bad, getGradeScale(bad)]).toEqual([bad, undefined]);
    }
  });

  test("every scale's usual distribution has one share per projected grade and sums to 1", () => {
    for (const scale of [...Object.values(GRADE_SCALES), getGradeScale("numeric_0_30")!] as GradeScale[]) {
      expect(scale.usualDistribution).toHaveLength(projectedGrades(scale).length);
      expect(scale.usualDistribution.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
      for (const share of scale.usualDistribution) expect(share).toBeGreaterThan(0);
    }
  });

  test("numeric scales: a bell centred mid-range with SD range / NUMERIC_RANGE_PER_SD (a sixth of the range)", () => {
    expect(NUMERIC_RANGE_PER_SD).toBe(6);
    for (const [min, max] of [[0, 30], [0, 60], [1, 6]] as const) {
      const shares = getGradeScale(`numeric_${min}_${max}`)!.usualDistribution;
      const mean = shares.reduce((s, p, k) => s + p * (min + k), 0);
      const sd = Math.sqrt(shares.reduce((s, p, k) => s + p * (min + k - mean) ** 2, 0));
      expect(mean).toBeCloseTo((min + max) / 2, 6);
      // Discretising adds about 1/12 to the variance; the continuous SD is (max − min) / 6.
      expect(Math.sqrt(Math.max(sd ** 2 - 1 / 12, 0))).toBeCloseTo((max - min) / 6, 0);
    }
    // 1–5: the middle grade holds most of the prior (humans on ELLIPSE: 55% at 3, 9% at 2), not 40%.
    const five = GRADE_SCALES.numeric_1_5.usualDistribution;
    expect(five[2]!).toBeGreaterThan(0.55);
    expect(five[1]!).toBeLessThan(0.2);
    expect(five[0]!).toBeLessThan(0.02);
  });
});
