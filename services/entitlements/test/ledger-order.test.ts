import { afterAll, afterEach, beforeAll, expect, setSystemTime, test } from "bun:test";
import { join } from "node:path";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { recordConsumption } from "../src/db/account-repository.ts";
import { createLedgerClock } from "../src/db/ledger-clock.ts";
import { ledgerPage, recordAdjustment } from "../src/db/ledger-repository.ts";
import type { AccountRef, CreditPolicy } from "../src/domain/credit-policy.ts";

// A top-up and the consumption right after it, in the same millisecond: the ledger merges two
// tables by time, so they must not tie (seen in CI: the org ledger listed the top-up as the newer).
const dir = tempDir("entitlements-ledger-order-");
let database: OpenedDatabase;
beforeAll(() => {
  database = openDatabase(join(dir.path, "ledger.sqlite"), join(import.meta.dir, "../src/db/migrations"));
});
afterEach(() => setSystemTime());
afterAll(() => {
  database.close();
  dir.remove();
});

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

test("a top-up and a consumption in the same millisecond: newest first is the consumption, across both tables", () => {
  setSystemTime(new Date("2026-12-04T10:00:00.000Z"));
  const db = database.db;
  db.transaction((tx) => recordAdjustment(tx, org, { kind: "top_up", credits: 300, reason: "licence", actorUserId: "admin" }, policy));
  db.transaction((tx) => recordConsumption(tx, org, { eventId: "e-1", userId: "member", orgId: org.id, batchId: "b-1", resource: "cj_comparison", quantity: 40, credits: 40 }, policy));
  db.transaction((tx) => recordAdjustment(tx, org, { kind: "adjustment", credits: -10, reason: "correction", actorUserId: "admin" }, policy));
  const page = ledgerPage(db, org, 10, 0);
  expect(page.entries.map((e) => [e.kind, e.balance_after])).toEqual([["adjustment", 450], ["consumption", 460], ["top_up", 500]]);
});
