import { describe, expect, test } from "bun:test";
import { fitBradleyTerry, type Comparison } from "../../src/domain/bradley-terry.ts";
import { fitGradeBoundaries } from "../../src/domain/grade-boundaries.ts";
import { type AnchorGrade, gradeTolerance, isUncertain, medianCategory, projectBatchGrades, projectGrades } from "../../src/domain/grade-projection.ts";
import { GRADE_SCALES, getGradeScale } from "../../src/domain/grade-scales.ts";
import { createRng } from "../../src/domain/random.ts";
import { judge } from "./simulated-judge.ts";

const swedish = GRADE_SCALES.swedish_a_f;
// Items 0..5 are anchors F..A one logit apart; items 6.. are essays.
const anchorScores = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
const anchors: AnchorGrade[] = swedish.grades.map((grade, item) => ({ item, grade }));

function estimate(essays: readonly number[], se: number, anchorSe = se) {
  const scores = [...anchorScores, ...essays];
  return { scores, standardErrors: scores.map((_, i) => (i < anchorScores.length ? anchorSe : se)) };
}

const sum = (record: Readonly<Record<string, number>>) => Object.values(record).reduce((s, p) => s + p, 0);
const rank = (grade: string, grades: readonly string[] = swedish.grades) => grades.indexOf(grade);

describe("fitGradeBoundaries", () => {
  test("thresholds increase and fall between the anchors of neighbouring grades", () => {
    const fit = fitGradeBoundaries({
      anchors: anchorScores.map((score, category) => ({ score, standardError: 0.2, category })),
      categories: 6, usualDistribution: swedish.usualDistribution, reference: { mean: 0, sd: 1.7 },
    });
    for (let k = 0; k < 5; k++) {
      expect(fit.thresholds[k]!).toBeGreaterThan(anchorScores[k]!);
      expect(fit.thresholds[k]!).toBeLessThan(anchorScores[k + 1]!);
    }
    expect(fit.converged).toBe(true);
  });

  test("few anchors leave the boundaries wider than many anchors at the same places", () => {
    const spreadOut = (perGrade: number) => fitGradeBoundaries({
      anchors: anchorScores.flatMap((score, category) => Array.from({ length: perGrade }, (_, r) => ({ score: score + (r - (perGrade - 1) / 2) * 0.2, standardError: 0.3, category }))),
      categories: 6, usualDistribution: swedish.usualDistribution, reference: { mean: 0, sd: 1.7 },
    });
    const few = spreadOut(1);
    const many = spreadOut(5);
    for (let k = 0; k < 5; k++) expect(many.thresholdSes[k]!).toBeLessThan(few.thresholdSes[k]!);
  });

  test("rejects a one-grade scale, a prior of the wrong length and off-scale anchors", () => {
    const base = { anchors: [], categories: 3, usualDistribution: [0.3, 0.4, 0.3], reference: { mean: 0, sd: 1 } };
    expect(() => fitGradeBoundaries({ ...base, categories: 1, usualDistribution: [1] })).toThrow(RangeError);
    expect(() => fitGradeBoundaries({ ...base, usualDistribution: [0.5, 0.5] })).toThrow(RangeError);
    expect(() => fitGradeBoundaries({ ...base, anchors: [{ score: 0, standardError: 0, category: 3 }] })).toThrow(RangeError);
  });
});

describe("projectBatchGrades", () => {
  test("essays inside anchored bands get those grades, probabilities sum to 1 over the whole scale", () => {
    const projections = projectGrades(estimate([-2.4, 0.45, 2.6, 1.5], 0.2), anchors, swedish);
    expect(projections.map((p) => p.item)).toEqual([6, 7, 8, 9]);
    expect(projections.map((p) => p.grade)).toEqual(["F", "C", "A", "B"]);
    for (const p of projections) {
      expect(Object.keys(p.probabilities)).toEqual([...swedish.grades]);
      expect(sum(p.probabilities)).toBeCloseTo(1, 6);
      expect(p.confidence).toBe(p.probabilities[p.grade]!);
    }
  });

  test("a grade with no anchors between two that have them is reachable, and sits between them", () => {
    // Anchors E at −1.5 and C at 1.5 (two each); nothing anchored as D.
    const scores = [-1.6, -1.4, 1.4, 1.6, 0, -2.2, 2.2];
    const fit = { scores, standardErrors: scores.map(() => 0.25) };
    const gap: AnchorGrade[] = [{ item: 0, grade: "E" }, { item: 1, grade: "E" }, { item: 2, grade: "C" }, { item: 3, grade: "C" }];
    const result = projectBatchGrades(fit, gap, swedish);
    const [middle, low, high] = result.projections;
    expect(middle!.grade).toBe("D");
    expect(middle!.probabilities.D!).toBeGreaterThan(0.5);
    expect(low!.grade).toBe("E");
    expect(high!.grade).toBe("C");
    const d = result.boundaries.filter((b) => b.lowerGrade === "D" || b.upperGrade === "D");
    expect(d[0]!.score).toBeGreaterThan(-1.5);
    expect(d[1]!.score).toBeLessThan(1.5);
  });

  test("an essay far beyond the top anchor gets a grade above it when the evidence is strong, not when it is weak", () => {
    // Anchors F..C only (B and A have none); a class spread over them, plus two essays far above.
    const lower = anchors.slice(0, 4);
    const spreadClass = Array.from({ length: 16 }, (_, i) => -2.5 + (i * 3) / 15);
    const scores = [...anchorScores.slice(0, 4), 0.6, 4.5, 4.5, ...spreadClass];
    const fit = { scores, standardErrors: scores.map((_, i) => (i === 6 ? 3 : 0.25)) };
    const [atTop, farPrecise, farVague] = projectBatchGrades(fit, lower, swedish).projections;
    expect(atTop!.grade).toBe("C");
    expect(rank(farPrecise!.grade)).toBeGreaterThan(rank("C"));
    expect(farPrecise!.probabilities.C!).toBeLessThan(0.2);
    expect(farVague!.confidence).toBeLessThan(farPrecise!.confidence);
  });

  test("few anchors → wider uncertainty: the same essay is less certain with one anchor per grade than with four", () => {
    const essay = 0.9; // between the C anchor (0.5) and the B/C boundary (≈1)
    const withAnchors = (perGrade: number) => {
      const scores: number[] = [];
      const grades: AnchorGrade[] = [];
      anchorScores.forEach((s, g) => {
        for (let r = 0; r < perGrade; r++) {
          grades.push({ item: scores.length, grade: swedish.grades[g]! });
          scores.push(s + (r - (perGrade - 1) / 2) * 0.15);
        }
      });
      scores.push(essay);
      return projectBatchGrades({ scores, standardErrors: scores.map(() => 0.3) }, grades, swedish).projections[0]!;
    };
    const one = withAnchors(1);
    const four = withAnchors(4);
    expect(four.confidence).toBeGreaterThan(one.confidence);
    const entropy = (p: Readonly<Record<string, number>>) => -Object.values(p).reduce((s, x) => s + (x > 0 ? x * Math.log(x) : 0), 0);
    expect(entropy(one.probabilities)).toBeGreaterThan(entropy(four.probabilities));
  });

  test("grades never decrease as scores increase; distribution and flags add up", () => {
    const rng = createRng(9);
    const essays = Array.from({ length: 120 }, () => (rng() - 0.5) * 8);
    const result = projectBatchGrades(estimate(essays, 0.5), anchors, swedish);
    const byScore = [...result.projections].sort((p, q) => essays[p.item - 6]! - essays[q.item - 6]!);
    const order = byScore.map((p) => rank(p.grade));
    for (let k = 1; k < order.length; k++) expect(order[k]!).toBeGreaterThanOrEqual(order[k - 1]!);
    expect(sum(result.distribution)).toBe(120);
    expect(result.uncertainCount).toBe(result.projections.filter((p) => p.uncertain).length);
    expect(result.uncertainCount).toBeGreaterThan(0);
    expect(result.uncertainCount).toBeLessThan(120);
  });

  test("the below-lowest grade of a scale is projected, never needed as an anchor", () => {
    const eng5 = GRADE_SCALES.eng5_np_legacy_9_step;
    const fit = { scores: [-1, 0, 1, -4.5], standardErrors: [0.2, 0.2, 0.2, 0.2] };
    const [low] = projectGrades(fit, [{ item: 0, grade: "F+" }, { item: 1, grade: "E-" }, { item: 2, grade: "E+" }], eng5);
    expect(low!.grade).toBe("F");
    expect(Object.keys(low!.probabilities)).toEqual(["F", ...eng5.grades]);
  });

  test("numeric ranges: 0–30 with 15 anchors grades a strong essay high and a weak one low", () => {
    const scale = getGradeScale("numeric_0_30")!;
    const anchorGrades = [4, 6, 8, 10, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 26];
    const scores = [...anchorGrades.map((g) => (g - 15) / 4), (25 - 15) / 4, (5 - 15) / 4];
    const fit = { scores, standardErrors: scores.map(() => 0.2) };
    const [strong, weak] = projectBatchGrades(fit, anchorGrades.map((g, item) => ({ item, grade: String(g) })), scale).projections;
    expect(Math.abs(Number(strong!.grade) - 25)).toBeLessThanOrEqual(2);
    expect(Math.abs(Number(weak!.grade) - 5)).toBeLessThanOrEqual(2);
    expect(Object.keys(strong!.probabilities)).toHaveLength(31);
  });

  test("uncertainty flag: tolerance grows on wide scales only", () => {
    expect(gradeTolerance(6)).toBe(0);
    expect(gradeTolerance(61)).toBe(6);
    expect(isUncertain([0.2, 0.6, 0.2], 1, 0)).toBe(false);
    expect(isUncertain([0.3, 0.4, 0.3], 1, 0)).toBe(true);
    expect(isUncertain([0.3, 0.4, 0.3], 1, 1)).toBe(false);
  });

  test("rejects missing, unknown and repeated anchors", () => {
    expect(() => projectBatchGrades(estimate([0], 0.3), [], swedish)).toThrow(RangeError);
    expect(() => projectBatchGrades(estimate([0], 0.3), [{ item: 0, grade: "G" }], swedish)).toThrow(RangeError);
    expect(() => projectBatchGrades(estimate([0], 0.3), [{ item: 30, grade: "C" }], swedish)).toThrow(RangeError);
    expect(() => projectBatchGrades(estimate([0], 0.3), [{ item: 0, grade: "C" }, { item: 0, grade: "B" }], swedish)).toThrow(RangeError);
  });

  test("toy batch: fitted essays of known quality get grades in the right order", () => {
    const rng = createRng(77);
    const quality = [-2, 0, 2, -2.6, -1, 0.1, 1, 2.4];
    const results: Comparison[] = [];
    for (let rep = 0; rep < 100; rep++) {
      for (let a = 0; a < quality.length; a++) {
        for (let b = a + 1; b < quality.length; b++) results.push(judge(quality, rep % 2 ? { a, b } : { a: b, b: a }, rng));
      }
    }
    const fit = fitBradleyTerry(quality.length, results);
    const grades = projectGrades(fit, [{ item: 0, grade: "E" }, { item: 1, grade: "C" }, { item: 2, grade: "A" }], swedish).map((p) => p.grade);
    expect(grades.map((g) => rank(g))).toEqual([...grades.map((g) => rank(g))].sort((a, b) => a - b));
    expect(grades[2]).toBe("C");
  });
});

describe("medianCategory", () => {
  test("the grade where half the probability is reached, not the single most probable one", () => {
    // Mode 0, but most of the mass lies at 2 and above: the median says 2.
    expect(medianCategory([0.4, 0, 0.25, 0.35])).toBe(2);
    expect(medianCategory([0.1, 0.2, 0.3, 0.4])).toBe(2);
    expect(medianCategory([0.5, 0.5])).toBe(0);
    expect(medianCategory([0, 0, 1])).toBe(2);
  });
});
