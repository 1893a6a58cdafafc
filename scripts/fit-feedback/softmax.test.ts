import { describe, expect, test } from "bun:test";
import { probabilities, softmax } from "./softmax.ts";

describe("softmax with soft targets", () => {
  test("learns which class goes with which feature, and a tie's shared target gives equal probabilities", () => {
    const x = [[1, 0], [1, 0], [0, 1], [0, 1], [0, 0], [0, 0]];
    const y = [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0.5, 0.5, 0], [0.5, 0.5, 0]];
    const fit = softmax(x, y, 0.001, 2000);
    const p = (row: number[]) => probabilities(row, fit.intercepts, fit.weights);
    expect(p([1, 0])[0]!).toBeGreaterThan(0.8);
    expect(p([0, 1])[1]!).toBeGreaterThan(0.8);
    const tie = p([0, 0]);
    expect(Math.abs(tie[0]! - tie[1]!)).toBeLessThan(0.05);
    expect(tie[2]!).toBeLessThan(0.1);
  });
  test("the penalty shrinks the weights", () => {
    const x = [[1], [-1], [1], [-1]];
    const y = [[1, 0], [0, 1], [1, 0], [0, 1]];
    const loose = softmax(x, y, 0.001).weights[0]![0]!;
    const tight = softmax(x, y, 1).weights[0]![0]!;
    expect(tight).toBeLessThan(loose);
    expect(tight).toBeGreaterThan(0);
  });
});
