import { expect, test } from "bun:test";
import { fixedWindow } from "../../src/domain/fixed-window.ts";

test("windows are aligned to their length and Retry-After counts to the window's end", () => {
  expect(fixedWindow(120_000, 60)).toEqual({ windowStart: 120_000, retryAfterSeconds: 60 });
  expect(fixedWindow(179_001, 60)).toEqual({ windowStart: 120_000, retryAfterSeconds: 1 });
});
