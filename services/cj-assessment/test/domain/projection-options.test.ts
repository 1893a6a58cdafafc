import { describe, expect, test } from "bun:test";
import { fitGradeBoundaries } from "../../src/domain/grade-boundaries.ts";
import { expectedCategory, modeCategory, projectBatchGrades, temper } from "../../src/domain/grade-projection.ts";
import { GRADE_SCALES } from "../../src/domain/grade-scales.ts";
import { matchedQuantileThresholds } from "../../src/domain/score-quantiles.ts";

const five = GRADE_SCALES.numeric_1_5;
const items = (scores: readonly number[], standardError = 0.2) => scores.map((score) => ({ score, standardError }));

describe("matchedQuantileThresholds", () => {
  test("splits the batch in the usual proportions: a quarter / a half / a quarter of an even spread", () => {
    const scores = Array.from({ length: 101 }, (_, i) => -2 + (4 * i) / 100);
    const [low, high] = matchedQuantileThresholds(items(scores, 0), [0.25, 0.5, 0.25]);
    expect(low!).toBeCloseTo(-1, 1);
    expect(high!).toBeCloseTo(1, 1);
  });

  test("follows a skewed batch, unlike a normal of its mean and SD", () => {
    // Most essays near 0, a long tail up to 6: the upper quartile lies in the bulk, not at mean + 0.67 SD.
    const scores = [...Array.from({ length: 30 }, (_, i) => (i - 15) / 30), 3, 4, 5, 6];
    const [, upper] = matchedQuantileThresholds(items(scores, 0.1), [0.25, 0.5, 0.25]);
    const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (scores.length - 1));
    // The normal says 1.56; the smoothed batch (bandwidth ≈ 0.8 here) says below 1.
    expect(upper!).toBeLessThan(1);
    expect(upper!).toBeLessThan(mean + 0.674 * sd - 0.5);
  });

  test("strictly increasing, and small shares put the outer thresholds past the extreme essays", () => {
    const t = matchedQuantileThresholds(items([-1, 0, 1]), [0.01, 0.01, 0.96, 0.01, 0.01]);
    for (let j = 1; j < t.length; j++) expect(t[j]!).toBeGreaterThan(t[j - 1]!);
    expect(t[0]!).toBeLessThan(-1);
    expect(t[3]!).toBeGreaterThan(1);
    expect(() => matchedQuantileThresholds([], [0.5, 0.5])).toThrow(RangeError);
  });
});

describe("decision rules and temperature", () => {
  test("mode, median and expected grade differ on a bimodal distribution", () => {
    const p = [0.45, 0, 0, 0.3, 0.25];
    expect(modeCategory(p)).toBe(0);
    expect(expectedCategory(p)).toBe(2); // 0·0.45 + 3·0.3 + 4·0.25 = 1.9
  });

  test("temperature above 1 flattens, below 1 sharpens, order and total kept", () => {
    const flat = temper(Float64Array.from([0.7, 0.2, 0.1]), 2);
    const sharp = temper(Float64Array.from([0.7, 0.2, 0.1]), 0.5);
    expect(flat[0]!).toBeLessThan(0.7);
    expect(sharp[0]!).toBeGreaterThan(0.7);
    for (const p of [flat, sharp]) {
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      expect(p[0]!).toBeGreaterThan(p[1]!);
    }
    expect(() => temper(Float64Array.from([1]), 0)).toThrow(RangeError);
  });
});

describe("fitGradeBoundaries prior options", () => {
  const oneAnchor = { anchors: [{ score: 0, standardError: 0.3, category: 2 }], categories: 5, usualDistribution: five.usualDistribution, reference: { mean: 0, sd: 1 } };

  test("given prior centres hold the boundaries where no anchor speaks, and a tighter prior holds them closer", () => {
    const centres = [-3, -2, 2, 3];
    const loose = fitGradeBoundaries({ ...oneAnchor, priorThresholds: centres });
    const tight = fitGradeBoundaries({ ...oneAnchor, priorThresholds: centres, thresholdPriorScale: 0.2 });
    expect(loose.thresholds[0]!).toBeLessThan(-1.5);
    expect(loose.thresholds[3]!).toBeGreaterThan(1.5);
    for (let j = 0; j < 4; j++) expect(Math.abs(tight.thresholds[j]! - centres[j]!)).toBeLessThanOrEqual(Math.abs(loose.thresholds[j]! - centres[j]!) + 1e-6);
    for (let j = 0; j < 4; j++) expect(tight.thresholdSes[j]!).toBeLessThan(loose.thresholdSes[j]!);
  });

  test("rejects prior centres of the wrong length or out of order, and a non-positive prior scale", () => {
    expect(() => fitGradeBoundaries({ ...oneAnchor, priorThresholds: [-1, 0, 1] })).toThrow(RangeError);
    expect(() => fitGradeBoundaries({ ...oneAnchor, priorThresholds: [-1, 1, 0, 2] })).toThrow(RangeError);
    expect(() => fitGradeBoundaries({ ...oneAnchor, thresholdPriorScale: 0 })).toThrow(RangeError);
  });
});

describe("projectBatchGrades options", () => {
  // Anchors 2, 3, 4 at −1, 0, 1; a skewed class: most essays just above 0, a few far up.
  const anchorScores = [-1, 0, 1];
  const anchors = ["2", "3", "4"].map((grade, item) => ({ item, grade }));
  const essays = [...Array.from({ length: 20 }, (_, i) => 0.1 + i / 40), 2.5, 3, 3.5];
  const scores = [...anchorScores, ...essays];
  const fit = { scores, standardErrors: scores.map(() => 0.3) };

  test("defaults unchanged by passing no options, probabilities sum to 1 under every option", () => {
    const plain = projectBatchGrades(fit, anchors, five);
    expect(projectBatchGrades(fit, anchors, five, undefined, {}).projections).toEqual(plain.projections);
    for (const options of [{ rule: "mode" as const }, { rule: "expected" as const }, { temperature: 1.5 }, { batchQuantilePrior: true }, { thresholdPriorScale: 0.5 }]) {
      for (const p of projectBatchGrades(fit, anchors, five, undefined, options).projections) {
        expect(Object.values(p.probabilities).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
        expect(p.confidence).toBe(p.probabilities[p.grade]!);
      }
    }
  });

  test("temperature changes the stated probabilities, not the grades", () => {
    const plain = projectBatchGrades(fit, anchors, five).projections;
    const flat = projectBatchGrades(fit, anchors, five, undefined, { temperature: 2 }).projections;
    expect(flat.map((p) => p.grade)).toEqual(plain.map((p) => p.grade));
    const meanConfidence = (ps: typeof plain) => ps.reduce((s, p) => s + p.confidence, 0) / ps.length;
    expect(meanConfidence(flat)).toBeLessThan(meanConfidence(plain));
  });

  test("the batch-quantile prior moves the top boundary, where no anchor is, towards the batch's own upper tail", () => {
    const top = (options: object) => projectBatchGrades(fit, anchors, five, undefined, options).boundaries[3]!.score;
    const quantile = matchedQuantileThresholds(essays.map((score) => ({ score, standardError: 0.3 })), five.usualDistribution)[3]!;
    expect(Math.abs(top({ batchQuantilePrior: true }) - quantile)).toBeLessThan(Math.abs(top({}) - quantile));
  });
});
