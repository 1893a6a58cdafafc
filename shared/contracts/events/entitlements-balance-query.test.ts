import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { balanceQueryString, BalanceQuerySchema } from "./entitlements.ts";

describe("the balance query (entitlements reads it, the gateway builds it)", () => {
  test("without an organisation the query string is empty; with one it names it", () => {
    expect(balanceQueryString({})).toBe("");
    expect(balanceQueryString({ org_id: "org 1&x" })).toBe("?org_id=org+1%26x");
  });

  test("what the gateway builds is what entitlements reads back", () => {
    const built = new URLSearchParams(balanceQueryString({ org_id: "org-7" }).slice(1));
    expect(v.parse(BalanceQuerySchema, Object.fromEntries(built))).toEqual({ org_id: "org-7" });
  });

  test("an empty or over-long organisation id is refused before any call", () => {
    expect(() => balanceQueryString({ org_id: "" })).toThrow("org_id must not be empty");
    expect(() => balanceQueryString({ org_id: "x".repeat(201) })).toThrow("longer than 200");
  });
});
