import { describe, expect, test } from "bun:test";
import { fitBradleyTerry, type Comparison } from "../../src/domain/bradley-terry.ts";
import { type AnchorGrade, calibrateGradeBands, projectGrades } from "../../src/domain/grade-projection.ts";
import { GRADE_SCALES } from "../../src/domain/grade-scales.ts";
import { createRng } from "../../src/domain/random.ts";
import { judge } from "./simulated-judge.ts";

const swedish = GRADE_SCALES.swedish_a_f;
// Items 0..5 are anchors F..A one logit apart; items 6.. are essays.
const anchorScores = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
const anchors: AnchorGrade[] = swedish.grades.map((grade, item) => ({ item, grade }));

function estimate(essays: readonly number[], se: number) {
  const scores = [...anchorScores, ...essays];
  return { scores, standardErrors: scores.map(() => se) };
}

function sum(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((s, p) => s + p, 0);
}

describe("calibrateGradeBands", () => {
  test("boundaries lie midway between anchor centres; outer bands are open", () => {
    const bands = calibrateGradeBands(anchorScores, anchors, swedish);
    expect(bands.map((b) => b.grade)).toEqual(["F", "E", "D", "C", "B", "A"]);
    expect(bands.map((b) => b.upper)).toEqual([-2, -1, 0, 1, 2, Infinity]);
    expect(bands[0]!.lower).toBe(-Infinity);
  });

  test("a grade without anchors between two anchored grades gets an interpolated centre", () => {
    const bands = calibrateGradeBands([-1, 1], [{ item: 0, grade: "E" }, { item: 1, grade: "C" }], swedish);
    expect(bands).toEqual([
      { grade: "E", lower: -Infinity, upper: -0.5 },
      { grade: "D", lower: -0.5, upper: 0.5 },
      { grade: "C", lower: 0.5, upper: Infinity },
    ]);
  });

  test("anchors fitted out of grade order are pooled, so grades stay ordered", () => {
    // The C anchor came out above the B anchor: both centres pool to 0.5.
    const bands = calibrateGradeBands([1, 0], [{ item: 0, grade: "C" }, { item: 1, grade: "B" }], swedish);
    expect(bands).toEqual([
      { grade: "C", lower: -Infinity, upper: 0.5 },
      { grade: "B", lower: 0.5, upper: Infinity },
    ]);
  });

  test("a scale's below-lowest grade starts half a grade step under the lowest anchor", () => {
    const eng5 = GRADE_SCALES.eng5_np_legacy_9_step;
    const bands = calibrateGradeBands([-1, 0], [{ item: 0, grade: "F+" }, { item: 1, grade: "E-" }], eng5);
    expect(bands[0]).toEqual({ grade: "F", lower: -Infinity, upper: -1.5 });
    // Not when the scale's lowest grade has no anchor: there is nothing to measure "below" from.
    const higher = calibrateGradeBands([-1, 0], [{ item: 0, grade: "E-" }, { item: 1, grade: "E+" }], eng5);
    expect(higher[0]!.grade).toBe("E-");
  });

  test("rejects missing, unknown and repeated anchors", () => {
    expect(() => calibrateGradeBands([0], [], swedish)).toThrow(RangeError);
    expect(() => calibrateGradeBands([0], [{ item: 0, grade: "G" }], swedish)).toThrow(RangeError);
    expect(() => calibrateGradeBands([0], [{ item: 3, grade: "C" }], swedish)).toThrow(RangeError);
    const twice = [{ item: 0, grade: "C" }, { item: 0, grade: "B" }];
    expect(() => calibrateGradeBands([0], twice, swedish)).toThrow(RangeError);
  });
});

describe("projectGrades", () => {
  test("projects the band containing the score, with probabilities from N(score, SE²)", () => {
    const projections = projectGrades(estimate([-2.4, 0.1, 3, 1.01], 0.4), anchors, swedish);
    expect(projections.map((p) => p.item)).toEqual([6, 7, 8, 9]);
    expect(projections.map((p) => p.grade)).toEqual(["F", "C", "A", "B"]);
    const c = projections[1]!;
    // Hand check: P(0 ≤ X < 1) for X ~ N(0.1, 0.4²) = Φ(2.25) − Φ(−0.25) = 0.98778 − 0.40129.
    expect(c.probabilities.C!).toBeCloseTo(0.58649, 4);
    expect(c.confidence).toBe(c.probabilities.C!);
    for (const p of projections) expect(sum(p.probabilities)).toBeCloseTo(1, 6);
  });

  test("a precise score is certain; an uncertain one spreads its probability", () => {
    const [precise] = projectGrades(estimate([0.5], 0), anchors, swedish);
    expect(precise!.probabilities).toEqual({ F: 0, E: 0, D: 0, C: 1, B: 0, A: 0 });
    const [vague] = projectGrades(estimate([0.5], 2), anchors, swedish);
    expect(vague!.grade).toBe("C");
    expect(vague!.confidence).toBeLessThan(0.25);
  });

  test("grades never decrease as scores increase", () => {
    const rng = createRng(9);
    const essays = Array.from({ length: 200 }, () => (rng() - 0.5) * 8);
    const projections = projectGrades(estimate(essays, 0.5), anchors, swedish);
    const byScore = projections.sort((p, q) => essays[p.item - 6]! - essays[q.item - 6]!);
    const order = byScore.map((p) => swedish.grades.indexOf(p.grade as never));
    for (let k = 1; k < order.length; k++) expect(order[k]!).toBeGreaterThanOrEqual(order[k - 1]!);
  });

  test("unreachable grades get zero probability and the below-lowest grade appears only on scales with one", () => {
    const [p] = projectGrades({ scores: [-1, 1, 5], standardErrors: [1, 1, 1] }, [
      { item: 0, grade: "E" },
      { item: 1, grade: "C" },
    ], swedish);
    expect(p!.probabilities.A).toBe(0);
    expect(p!.probabilities.F).toBe(0);
    expect(p!.grade).toBe("C");
    const eng5 = GRADE_SCALES.eng5_np_legacy_9_step;
    const [low] = projectGrades({ scores: [-1, 0, -3], standardErrors: [0.3, 0.3, 0.3] }, [
      { item: 0, grade: "F+" },
      { item: 1, grade: "E-" },
    ], eng5);
    expect(low!.grade).toBe("F");
    expect(Object.keys(low!.probabilities)).toEqual(["F", ...eng5.grades]);
  });

  test("toy batch: fitted essays of known quality get grades in the right order", () => {
    const rng = createRng(77);
    // Anchors E, C, A at −2, 0, 2 put boundaries at −1.5, −0.5, 0.5, 1.5; essays sit well inside bands.
    const quality = [-2, 0, 2, -2.6, -1, 0.1, 1, 2.4];
    const results: Comparison[] = [];
    for (let rep = 0; rep < 100; rep++) {
      for (let a = 0; a < quality.length; a++) {
        for (let b = a + 1; b < quality.length; b++) results.push(judge(quality, rep % 2 ? { a, b } : { a: b, b: a }, rng));
      }
    }
    const fit = fitBradleyTerry(quality.length, results);
    const toyAnchors = [
      { item: 0, grade: "E" },
      { item: 1, grade: "C" },
      { item: 2, grade: "A" },
    ];
    const grades = projectGrades(fit, toyAnchors, swedish).map((p) => p.grade);
    expect(grades).toEqual(["E", "D", "C", "B", "A"]);
  });
});
