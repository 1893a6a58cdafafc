import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { describeEachDialect } from "@shared/testing/dialects.ts";
import { eventually, startHarness, type Harness } from "./support/harness.ts";

// Small grants so limits are reached quickly: a user starts with 100 credits, an organisation with 500.
describeEachDialect("entitlements", (databases) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(databases, { ENTITLEMENTS_INITIAL_USER_CREDITS: "100", ENTITLEMENTS_INITIAL_ORG_CREDITS: "500" });
  });
  afterAll(async () => { await h.stop(); });

  const checkJson = async (body: unknown) => {
    const res = await h.check(body);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const accountRows = (kind: string, id: string) =>
    h.rows("SELECT granted, consumed FROM accounts WHERE kind = ? AND account_id = ?", kind, id);
  const ledgerRows = (userId: string) =>
    h.rows("SELECT account_kind, account_id, resource, quantity, credits, balance_after FROM consumption_ledger WHERE user_id = ? ORDER BY recorded_at", userId);

  describe("checks", () => {
    test("an unseen user is granted the initial credits lazily: a balance read writes nothing, a check creates the account", async () => {
      expect(await h.balance("user-new")).toEqual({ user_id: "user-new", org_id: null, account: "user", granted: 100, consumed: 0, balance: 100 });
      expect(await accountRows("user", "user-new")).toEqual([]);
      await checkJson({ user_id: "user-new", resource: "cj_comparison", quantity: 1 });
      expect(await accountRows("user", "user-new")).toEqual([{ granted: 100, consumed: 0 }]);
    });

    test("allowed while quantity × cost fits the balance, denied with insufficient_credits beyond it", async () => {
      expect(await checkJson({ user_id: "user-check", resource: "cj_comparison", quantity: 100 }))
        .toEqual({ allowed: true, balance: 100, required: 100, reason: null });
      expect(await checkJson({ user_id: "user-check", resource: "ai_feedback", quantity: 50 }))
        .toEqual({ allowed: true, balance: 100, required: 100, reason: null });
      expect(await checkJson({ user_id: "user-check", resource: "ai_feedback", quantity: 51 }))
        .toEqual({ allowed: false, balance: 100, required: 102, reason: "insufficient_credits" });
      expect(await checkJson({ user_id: "user-check", resource: "cj_comparison", quantity: 101 }))
        .toMatchObject({ allowed: false, required: 101, reason: "insufficient_credits" });
      // A check only looks: nothing was reserved or deducted.
      expect(await h.balance("user-check")).toMatchObject({ consumed: 0, balance: 100 });
    });

    test("an organisation pays when named; its members share it; the user is remembered with it", async () => {
      expect(await checkJson({ user_id: "member-1", org_id: "org-a", resource: "cj_comparison", quantity: 400 }))
        .toEqual({ allowed: true, balance: 500, required: 400, reason: null });
      expect(await accountRows("user", "member-1")).toEqual([]);
      await h.consume({ user_id: "member-2", org_id: "org-a", batch_id: "b-org", resource: "cj_comparison", quantity: 300 });
      await h.settled();
      expect(await checkJson({ user_id: "member-1", org_id: "org-a", resource: "cj_comparison", quantity: 201 }))
        .toMatchObject({ allowed: false, balance: 200, reason: "insufficient_credits" });
      // Without org_id the user's known organisation still pays (ai-feedback's events carry none).
      await h.consume({ user_id: "member-1", batch_id: "b-org", resource: "ai_feedback", quantity: 5 });
      await h.settled();
      expect(await h.balance("member-1")).toEqual({ user_id: "member-1", org_id: "org-a", account: "org", granted: 500, consumed: 310, balance: 190 });
      expect(await ledgerRows("member-1")).toEqual([{ account_kind: "org", account_id: "org-a", resource: "ai_feedback", quantity: 5, credits: 10, balance_after: 190 }]);
      // A user never seen with an organisation pays from their own account.
      expect(await checkJson({ user_id: "solo", resource: "cj_comparison", quantity: 1 })).toMatchObject({ balance: 100 });
      expect(await h.balance("solo")).toMatchObject({ org_id: null, account: "user" });
      // Asking for a named organisation reads that account.
      expect(await h.balance("solo", "org-a")).toMatchObject({ org_id: "org-a", account: "org", balance: 190 });
    });
  });

  describe("consumption", () => {
    test("deducted exactly once per event under duplicate delivery; a new event deducts again", async () => {
      const first = await h.consume({ user_id: "user-dup", batch_id: "b-dup", resource: "cj_comparison", quantity: 10 });
      await h.redeliver(first);
      await h.redeliver(first);
      await h.settled();
      expect(await h.balance("user-dup")).toMatchObject({ consumed: 10, balance: 90 });
      expect(await ledgerRows("user-dup")).toHaveLength(1);
      await h.consume({ user_id: "user-dup", batch_id: "b-dup", resource: "ai_feedback", quantity: 3 });
      await h.settled();
      expect(await h.balance("user-dup")).toMatchObject({ consumed: 16, balance: 84 });
      const consumed = await h.rows("SELECT CAST(sum(credits) AS INTEGER) AS total FROM consumption_ledger WHERE account_id = 'user-dup'");
      expect(consumed).toEqual([{ total: 16 }]);
    });

    test("usage beyond the balance is recorded (negative balance), logged, and later checks are denied", async () => {
      await h.consume({ user_id: "user-over", batch_id: "b-over", resource: "ai_feedback", quantity: 60 });
      await h.settled();
      expect(await h.balance("user-over")).toMatchObject({ consumed: 120, balance: -20 });
      expect(await ledgerRows("user-over")).toEqual([{ account_kind: "user", account_id: "user-over", resource: "ai_feedback", quantity: 60, credits: 120, balance_after: -20 }]);
      const warning = await eventually(() => h.logger.lines.find((l) => l.msg === "consumption overdrew the account; recorded anyway" && l.user_id === "user-over"));
      expect(warning).toMatchObject({ level: "warn", balance: -20, batch_id: "b-over" });
      expect(await checkJson({ user_id: "user-over", resource: "cj_comparison", quantity: 0 }))
        .toEqual({ allowed: false, balance: -20, required: 0, reason: "insufficient_credits" });
    });
  });

  describe("the HTTP contract", () => {
    test("bad requests are 400 VALIDATION_ERROR", async () => {
      const cases: unknown[] = [
        { user_id: "u", quantity: 1 },
        { user_id: "u", resource: "gold", quantity: 1 },
        { user_id: "u", resource: "cj_comparison", quantity: -1 },
        { user_id: "u", resource: "cj_comparison", quantity: 1.5 },
        { resource: "cj_comparison", quantity: 1 },
      ];
      for (const body of cases) {
        const res = await h.check(body);
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error_code: string }).error_code).toBe("VALIDATION_ERROR");
      }
      const notJson = await fetch(`${h.url}/internal/v1/entitlements/check`, {
        method: "POST", headers: { "X-Internal-API-Key": "entitlements-test-key", "Content-Type": "application/json" }, body: "{",
      });
      expect(notJson.status).toBe(400);
    });

    test("the internal key is required on every route", async () => {
      const body = { user_id: "u", resource: "cj_comparison", quantity: 1 };
      for (const key of [undefined, "wrong"]) {
        const extra: Record<string, string> = key ? { "X-Internal-API-Key": key } : {};
        const check = await fetch(`${h.url}/internal/v1/entitlements/check`, { method: "POST", headers: { "Content-Type": "application/json", ...extra }, body: JSON.stringify(body) });
        expect(check.status).toBe(401);
        expect(((await check.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
        const balance = await fetch(`${h.url}/internal/v1/entitlements/users/u/balance`, { headers: extra });
        expect(balance.status).toBe(401);
      }
    });

    test("health, readiness, metrics and the OpenAPI document", async () => {
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${h.url}/readyz`);
      expect(await ready.json()).toMatchObject({ status: "ready", checks: { redis: true, database: true } });
      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      expect(metrics).toContain("entitlement_checks_total");
      const doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(["/internal/v1/entitlements/check", "/internal/v1/entitlements/users/{user_id}/balance", "/internal/v1/entitlements/adjustments", "/internal/v1/entitlements/users/{user_id}/ledger"]);
    });
  });
});
