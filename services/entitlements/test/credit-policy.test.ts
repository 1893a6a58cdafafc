import { describe, expect, test } from "bun:test";
import { creditsFor, decideCheck, payingAccount, type CreditPolicy } from "../src/domain/credit-policy.ts";

const policy: CreditPolicy = { costs: { cj_comparison: 1, ai_feedback: 2 }, initialGrant: { user: 1000, org: 10_000 } };

describe("payingAccount", () => {
  test("a named organisation pays", () => {
    expect(payingAccount("u1", "org-1", "org-old")).toEqual({ kind: "org", id: "org-1" });
  });
  test("without one, the organisation the user was last seen with pays", () => {
    expect(payingAccount("u1", null, "org-old")).toEqual({ kind: "org", id: "org-old" });
    expect(payingAccount("u1", undefined, "org-old")).toEqual({ kind: "org", id: "org-old" });
  });
  test("a user with no organisation pays from their own account", () => {
    expect(payingAccount("u1", null, null)).toEqual({ kind: "user", id: "u1" });
    expect(payingAccount("u1", "", undefined)).toEqual({ kind: "user", id: "u1" });
  });
});

describe("creditsFor and decideCheck", () => {
  test("cost per unit times quantity", () => {
    expect(creditsFor(policy, "cj_comparison", 66)).toBe(66);
    expect(creditsFor(policy, "ai_feedback", 12)).toBe(24);
    expect(creditsFor(policy, "ai_feedback", 0)).toBe(0);
  });
  test("allowed exactly up to the balance", () => {
    expect(decideCheck(24, 24)).toEqual({ allowed: true, balance: 24, required: 24, reason: null });
    expect(decideCheck(23, 24)).toEqual({ allowed: false, balance: 23, required: 24, reason: "insufficient_credits" });
    expect(decideCheck(-5, 0)).toMatchObject({ allowed: false });
  });
});
