import { describe, expect, test } from "bun:test";
import { fitPairwiseLogistic, type TrainingPair } from "./pairwise-logistic.ts";

describe("fit-judge maths", () => {
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
