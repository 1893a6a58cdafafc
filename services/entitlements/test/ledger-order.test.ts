import { afterAll, afterEach, beforeAll, expect, setSystemTime, test } from "bun:test";
import { describeEachDialect } from "@shared/testing/dialects.ts";
import { createLedgerClock } from "../src/db/ledger-clock.ts";
import type { EntitlementsStore } from "../src/db/store.ts";
import type { AccountRef, CreditPolicy } from "../src/domain/credit-policy.ts";
import { SERVICE_NAME } from "../src/service-name.ts";
import { openTestStore } from "./support/store.ts";

// A top-up and the consumption right after it, in the same millisecond: the ledger merges two
// tables by time, so they must not tie (seen in CI: the org ledger listed the top-up as the newer).
// SQLite: the process's ledger clock; PostgreSQL: the stamp taken under the account's row lock.
const policy: CreditPolicy = { costs: { cj_comparison: 1, ai_feedback: 5 }, initialGrant: { user: 100, org: 200 } };
const org: AccountRef = { kind: "org", id: "org-same-ms" };

test("ledger timestamps strictly increase even when the clock stands still or steps back", () => {
  const readings = [1_000, 1_000, 999, 5_000];
  const stamp = createLedgerClock(() => readings.shift()!);
  const stamps = [stamp(), stamp(), stamp(), stamp()];
  const ms = stamps.map((s) => Date.parse(s));
  for (let i = 1; i < ms.length; i++) expect(ms[i]!).toBeGreaterThan(ms[i - 1]!);
  expect(ms[3]).toBe(5_000);
});

describeEachDialect("ledger order", (databases) => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let store: EntitlementsStore;
  beforeAll(async () => {
    opened = await openTestStore(databases, policy);
    store = opened.store;
  });
  afterEach(() => setSystemTime());
  afterAll(async () => {
    await opened.close();
  });

  test("a top-up and a consumption in the same millisecond: newest first is the consumption, across both tables", async () => {
    setSystemTime(new Date("2026-12-04T10:00:00.000Z"));
    await store.adjust(org, { kind: "top_up", credits: 300, reason: "licence", actorUserId: "admin" });
    await store.consumeOnce(SERVICE_NAME, { eventId: "e-1", userId: "member", orgId: org.id, batchId: "b-1", resource: "cj_comparison", quantity: 40, credits: 40 });
    await store.adjust(org, { kind: "adjustment", credits: -10, reason: "correction", actorUserId: "admin" });
    const page = await store.ledger("member", org.id, 10, 0);
    expect(page.entries.map((e) => [e.kind, e.balance_after])).toEqual([["adjustment", 450], ["consumption", 460], ["top_up", 500]]);
    const stamps = page.entries.map((e) => e.recorded_at);
    expect(new Set(stamps).size).toBe(3);
  });

  test("a clock that steps back does not reorder an account's ledger", async () => {
    const ref: AccountRef = { kind: "user", id: "user-clock" };
    setSystemTime(new Date("2026-12-04T11:00:00.000Z"));
    await store.adjust(ref, { kind: "top_up", credits: 5, reason: "first", actorUserId: "admin" });
    setSystemTime(new Date("2026-12-04T10:59:59.000Z"));
    await store.consumeOnce(SERVICE_NAME, { eventId: "e-back", userId: ref.id, orgId: null, batchId: "b", resource: "cj_comparison", quantity: 3, credits: 3 });
    const page = await store.ledger(ref.id, null, 10, 0);
    expect(page.entries.map((e) => [e.kind, e.balance_after])).toEqual([["consumption", 102], ["top_up", 105]]);
  });
});
