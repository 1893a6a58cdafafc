import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { enumValues } from "@shared/contracts/enums.ts";
import { ConsumableResourceSchema } from "@shared/contracts/events/entitlements.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { AccountKind } from "../src/domain/credit-policy.ts";

// The committed migrations must accept exactly the values the code's enums have.
const dir = tempDir("entitlements-schema-");
let database: OpenedDatabase;
beforeAll(() => {
  database = openDatabase(join(dir.path, "schema.sqlite"), join(import.meta.dir, "../src/db/migrations"));
});
afterAll(() => {
  database.close();
  dir.remove();
});

const insertAccount = (kind: string, id: string) =>
  database.sqlite.query("INSERT INTO accounts (kind, account_id, granted, consumed, created_at, updated_at) VALUES (?, ?, 1, 0, 't', 't')").run(kind, id);
const insertLedger = (eventId: string, kind: string, resource: string) =>
  database.sqlite.query(
    `INSERT INTO consumption_ledger (event_id, account_kind, account_id, user_id, batch_id, resource, quantity, credits, balance_after, recorded_at)
     VALUES (?, ?, 'a', 'u', 'b', ?, 1, 1, 0, 't')`,
  ).run(eventId, kind, resource);

test("accounts.kind accepts every account kind and nothing else", () => {
  for (const kind of enumValues(AccountKind)) insertAccount(kind, `a-${kind}`);
  expect(() => insertAccount("team", "a-team")).toThrow(/CHECK constraint failed/);
});

test("consumption_ledger.account_kind and .resource accept every enum value and nothing else", () => {
  for (const kind of enumValues(AccountKind)) insertLedger(`e-${kind}`, kind, "cj_comparison");
  for (const resource of ConsumableResourceSchema.options) insertLedger(`e-${resource}`, "user", resource);
  expect(() => insertLedger("e-bogus-kind", "team", "cj_comparison")).toThrow(/CHECK constraint failed/);
  expect(() => insertLedger("e-bogus-resource", "user", "gpu_hours")).toThrow(/CHECK constraint failed/);
});

test("a second ledger row for the same event is refused", () => {
  insertLedger("e-once", "user", "ai_feedback");
  expect(() => insertLedger("e-once", "user", "ai_feedback")).toThrow(/UNIQUE constraint failed/);
});
