import { expect, test } from "bun:test";
import { gradeDistribution } from "../src/results/grade-distribution.ts";

test("best grade first; whole percents that add up to exactly 100", () => {
  const shares = gradeDistribution({ F: 0.004, E: 0.021, D: 0.113, C: 0.358, B: 0.381, A: 0.123 });
  expect(shares.map((s) => s.grade)).toEqual(["A", "B", "C", "D", "E", "F"]);
  expect(shares.reduce((sum, s) => sum + s.percent, 0)).toBe(100);
  expect(shares.map((s) => s.percent)).toEqual([12, 38, 36, 11, 2, 1]);
  for (const s of shares) expect(Math.abs(s.percent - s.probability * 100)).toBeLessThan(1);
});

test("thirds round to 34/33/33; one certain grade is 100; nothing or junk is no distribution", () => {
  expect(gradeDistribution({ C: 1 / 3, B: 1 / 3, A: 1 / 3 }).map((s) => s.percent)).toEqual([34, 33, 33]);
  expect(gradeDistribution({ E: 0, A: 1 })).toEqual([{ grade: "A", probability: 1, percent: 100 }, { grade: "E", probability: 0, percent: 0 }]);
  expect(gradeDistribution({})).toEqual([]);
  expect(gradeDistribution({ A: Number.NaN, B: -1 })).toEqual([]);
});
