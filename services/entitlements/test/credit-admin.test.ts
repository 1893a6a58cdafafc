import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { describeEachDialect } from "@shared/testing/dialects.ts";
import { eventually, headers, startHarness, type Harness } from "./support/harness.ts";

describeEachDialect("credit administration", (databases) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(databases, { ENTITLEMENTS_INITIAL_USER_CREDITS: "100", ENTITLEMENTS_INITIAL_ORG_CREDITS: "200", ENTITLEMENTS_COST_CJ_COMPARISON: "1" });
  });
  afterAll(async () => {
    await h.stop();
  });

  const adjust = (body: unknown) => fetch(`${h.url}/internal/v1/entitlements/adjustments`, { method: "POST", headers, body: JSON.stringify(body) });
  const ledger = async (userId: string, qs = "") => (await (await fetch(`${h.url}/internal/v1/entitlements/users/${userId}/ledger${qs}`, { headers })).json()) as {
    account: string; account_id: string; total: number; entries: { kind: string; credits: number; balance_after: number; actor_user_id: string; reason: string | null; batch_id: string | null }[];
  };

  describe("credit administration and the ledger", () => {
    test("a top-up and a negative adjustment change the balance and appear in the ledger with the admin; consumption with the teacher", async () => {
      const res = await adjust({ account: "user", account_id: "teacher-a", kind: "top_up", credits: 50, reason: "term start", actor_user_id: "admin-1" });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { balance: number }).balance).toBe(150);
      expect((await adjust({ account: "user", account_id: "teacher-a", kind: "adjustment", credits: -20, reason: "double grant", actor_user_id: "admin-2" })).status).toBe(201);
      await h.consume({ user_id: "teacher-a", batch_id: "b-1", resource: "cj_comparison", quantity: 7 });
      await h.settled();
      const balance = await eventually(async () => { const b = await h.balance("teacher-a"); return b.balance === 123 ? b : undefined; });
      expect(balance).toMatchObject({ granted: 130, consumed: 7, balance: 123 });
      const page = await ledger("teacher-a");
      expect(page.total).toBe(3);
      expect(page.entries.map((e) => [e.kind, e.credits, e.balance_after, e.actor_user_id])).toEqual([
        ["consumption", -7, 123, "teacher-a"], ["adjustment", -20, 130, "admin-2"], ["top_up", 50, 150, "admin-1"],
      ]);
    });

    test("an organisation top-up credits the org account; the org ledger (read through a member) shows it with the members' use", async () => {
      const before = await h.balance("member-o", "org-top");
      expect(before).toMatchObject({ account: "org", granted: 200, balance: 200 });
      const res = await adjust({ account: "org", account_id: "org-top", kind: "top_up", credits: 300, reason: "school licence", actor_user_id: "admin-org" });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { balance: number }).balance).toBe(500);
      await h.consume({ user_id: "member-o", org_id: "org-top", batch_id: "b-org-1", resource: "cj_comparison", quantity: 40 });
      await h.settled();
      const balance = await eventually(async () => { const b = await h.balance("member-o", "org-top"); return b.balance === 460 ? b : undefined; });
      expect(balance).toMatchObject({ account: "org", granted: 500, consumed: 40 });
      // Reading without org_id finds the organisation the member is known in (the consumption remembered it).
      for (const page of [await ledger("member-o", "?org_id=org-top"), await ledger("member-o")]) {
        expect([page.account, page.account_id, page.total]).toEqual(["org", "org-top", 2]);
        expect(page.entries.map((e) => [e.kind, e.credits, e.balance_after, e.actor_user_id, e.reason])).toEqual([
          ["consumption", -40, 460, "member-o", null], ["top_up", 300, 500, "admin-org", "school licence"],
        ]);
      }
      expect((await ledger("someone-else")).entries).toEqual([]);
    });

    test("the ledger is paged", async () => {
      for (let i = 0; i < 5; i++) await adjust({ account: "user", account_id: "teacher-p", kind: "top_up", credits: i + 1, reason: `r${i}`, actor_user_id: "admin" });
      const first = await ledger("teacher-p", "?limit=2&offset=0");
      const third = await ledger("teacher-p", "?limit=2&offset=4");
      expect(first.total).toBe(5);
      expect(first.entries).toHaveLength(2);
      expect(third.entries).toHaveLength(1);
      expect(third.entries[0]?.reason).toBe("r0");
      expect((await fetch(`${h.url}/internal/v1/entitlements/users/teacher-p/ledger?limit=0`, { headers })).status).toBe(400);
    });

    test("bad adjustments are 400: zero, a negative top-up, a missing reason; without the internal key 401", async () => {
      for (const body of [
        { account: "user", account_id: "x", kind: "adjustment", credits: 0, reason: "r", actor_user_id: "a" },
        { account: "org", account_id: "x", kind: "top_up", credits: -5, reason: "r", actor_user_id: "a" },
        { account: "user", account_id: "x", kind: "top_up", credits: 5, actor_user_id: "a" },
      ]) expect((await adjust(body)).status).toBe(400);
      expect((await fetch(`${h.url}/internal/v1/entitlements/adjustments`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } })).status).toBe(401);
    });
  });
});
