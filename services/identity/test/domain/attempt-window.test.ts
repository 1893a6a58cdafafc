import { expect, test } from "bun:test";
import { secondsUntilWindowEnds } from "../../src/domain/attempt-window.ts";

test("Retry-After counts to the end of the window that opened at the first attempt, never below 1 s", () => {
  expect(secondsUntilWindowEnds(120_000, 60, 120_000)).toBe(60);
  expect(secondsUntilWindowEnds(120_000, 60, 150_500)).toBe(30);
  expect(secondsUntilWindowEnds(120_000, 60, 179_001)).toBe(1);
  expect(secondsUntilWindowEnds(120_000, 60, 185_000)).toBe(1);
});
