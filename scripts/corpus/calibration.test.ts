import { expect, test } from "bun:test";
import { expectedCalibrationError } from "./calibration.ts";

test("calibrated forecasts score 0, overconfident ones their gap", () => {
  const calibrated = [true, true, true, false].map((correct) => ({ confidence: 0.75, correct }));
  expect(expectedCalibrationError(calibrated)).toBeCloseTo(0, 12);
  expect(expectedCalibrationError([{ confidence: 0.8, correct: true }, { confidence: 0.8, correct: false }])).toBeCloseTo(0.3, 12);
  // Two bins: 0.95 (1 of 2 right → 0.45 gap) and 0.25 (1 of 2 right → 0.25 gap), half the forecasts each.
  const mixed = [{ confidence: 0.95, correct: true }, { confidence: 0.95, correct: false }, { confidence: 0.25, correct: true }, { confidence: 0.25, correct: false }];
  expect(expectedCalibrationError(mixed)).toBeCloseTo(0.35, 12);
  expect(expectedCalibrationError([{ confidence: 1, correct: true }])).toBeCloseTo(0, 12);
  expect(expectedCalibrationError([])).toBeUndefined();
});
