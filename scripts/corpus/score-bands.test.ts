import { expect, test } from "bun:test";
import { bandOf, bandRangeOf, bandsOf, gradeAsBand, nearestLengthBand, numericScaleId } from "./score-bands.ts";

test("bands: half up, clamped; ranges and scale ids", () => {
  expect([1, 1.5, 2.49, 2.5, 5, 7].map((s) => bandOf(s, { min: 1, max: 5 }))).toEqual([1, 2, 2, 3, 5, 5]);
  expect(bandOf(-1, { min: 0, max: 30 })).toBe(0);
  expect(bandRangeOf([2.5, 1.5, 4])).toEqual({ min: 2, max: 4 });
  expect(() => bandRangeOf([])).toThrow();
  expect(bandsOf({ min: 0, max: 3 })).toEqual([0, 1, 2, 3]);
  expect(numericScaleId({ min: 1, max: 6 })).toBe("numeric_1_6");
});

test("grades as bands: numbers only", () => {
  expect(gradeAsBand("4")).toBe(4);
  expect(gradeAsBand("C")).toBeUndefined();
  expect(gradeAsBand(null)).toBeUndefined();
  expect(gradeAsBand(" ")).toBeUndefined();
});

test("nearest-length anchor band; a tie goes to the lower band", () => {
  const anchors = [{ wordCount: 100, band: 1 }, { wordCount: 300, band: 3 }, { wordCount: 500, band: 5 }];
  expect(nearestLengthBand(120, anchors)).toBe(1);
  expect(nearestLengthBand(420, anchors)).toBe(5);
  expect(nearestLengthBand(200, anchors)).toBe(1);
  expect(nearestLengthBand(200, [])).toBeUndefined();
});
