import { describe, expect, test } from "bun:test";
import { fitPairwiseLogistic, type TrainingPair } from "./pairwise-logistic.ts";

function generated(truth: readonly number[], count = 20000) {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const rows = Array.from({ length: 400 }, () => Float64Array.from(truth, () => random() * 4 - 2));
  const ability = (i: number) => rows[i]!.reduce((s, x, j) => s + x * truth[j]!, 0);
  const pairs: TrainingPair[] = [];
  for (let t = 0; t < count; t++) {
    const a = Math.floor(random() * 400);
    const b = Math.floor(random() * 400);
    if (a === b) continue;
    pairs.push({ a, b, aHigher: random() < 1 / (1 + Math.exp(ability(b) - ability(a))), weight: 1 });
  }
  return { rows, pairs };
}

describe("fit-judge maths", () => {
  test("a weight fixed at zero stays zero and the others absorb what they can", () => {
    const { rows, pairs } = generated([1.5, -0.8, 0]);
    const { weights } = fitPairwiseLogistic(rows, pairs, 0.01, 30, new Set([1]));
    expect(weights[1]).toBe(0);
    expect(weights[0]!).toBeCloseTo(1.5, 0);
  });

  test("a heavy penalty pulls the weights to the prior's centre, not to zero", () => {
    const { rows, pairs } = generated([1.5, -0.8, 0], 2000);
    const prior = Float64Array.of(0.3, 0, 2);
    const { weights } = fitPairwiseLogistic(rows, pairs, 1e7, 30, new Set(), prior);
    expect(weights[0]!).toBeCloseTo(0.3, 2);
    expect(weights[2]!).toBeCloseTo(2, 2);
  });

  test("pairwise logistic regression recovers the weights that generated the verdicts", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const truth = [1.5, -0.8, 0];
    const rows = Array.from({ length: 400 }, () => Float64Array.from(truth, () => random() * 4 - 2));
    const ability = (i: number) => rows[i]!.reduce((s, x, j) => s + x * truth[j]!, 0);
    const pairs: TrainingPair[] = [];
    for (let t = 0; t < 20000; t++) {
      const a = Math.floor(random() * 400);
      const b = Math.floor(random() * 400);
      if (a === b) continue;
      const p = 1 / (1 + Math.exp(ability(b) - ability(a)));
      pairs.push({ a, b, aHigher: random() < p, weight: 1 });
    }
    const { weights } = fitPairwiseLogistic(rows, pairs, 0.01);
    expect(weights[0]!).toBeCloseTo(1.5, 0);
    expect(weights[1]!).toBeCloseTo(-0.8, 0);
    expect(Math.abs(weights[2]!)).toBeLessThan(0.15);
  });
});
