import { expect, test } from "bun:test";
import { lockoutSeconds } from "../../src/domain/lockout.ts";

const policy = { freeFailures: 5, baseSeconds: 30, maxSeconds: 900 };
test("no delay for the first failures, then doubling delays up to the cap", () => {
  expect([1, 5, 6, 7, 8, 20].map((n) => lockoutSeconds(n, policy))).toEqual([0, 0, 30, 60, 120, 900]);
});
