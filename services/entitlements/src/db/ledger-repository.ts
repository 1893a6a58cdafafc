import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { AccountRef, CreditPolicy } from "../domain/credit-policy.ts";
import { ensureAccount } from "./account-repository.ts";
import { ledgerTimestamp } from "./ledger-clock.ts";
import { adjustmentEntry, type LedgerEntry } from "./row-views.ts";
import { accounts, consumptionLedger, creditAdjustments, type AdjustmentKind } from "./schema.ts";

export type { LedgerEntry };

/** Add (or with a negative amount remove) credits by an admin: the adjustment row and the account move together. */
export function recordAdjustment(tx: DbOrTx, ref: AccountRef, change: { kind: AdjustmentKind; credits: number; reason: string; actorUserId: string }, policy: CreditPolicy): LedgerEntry {
  const before = ensureAccount(tx, ref, policy);
  const row = {
    adjustmentId: crypto.randomUUID(), accountKind: ref.kind, accountId: ref.id, kind: change.kind, credits: change.credits, reason: change.reason,
    actorUserId: change.actorUserId, balanceAfter: before.balance + change.credits, recordedAt: ledgerTimestamp(),
  };
  tx.insert(creditAdjustments).values(row).run();
  tx.update(accounts).set({ granted: sql`${accounts.granted} + ${change.credits}`, updatedAt: row.recordedAt })
    .where(and(eq(accounts.kind, ref.kind), eq(accounts.accountId, ref.id))).run();
  return adjustmentEntry(row);
}

/** Every change to one account, newest first: consumption (by the teacher's batch) and admin adjustments. */
export function ledgerPage(db: DbOrTx, ref: AccountRef, limit: number, offset: number): { total: number; entries: LedgerEntry[] } {
  const consumption = db.select().from(consumptionLedger).where(and(eq(consumptionLedger.accountKind, ref.kind), eq(consumptionLedger.accountId, ref.id))).orderBy(sql`rowid`).all()
    .map((r): LedgerEntry => ({
      entry_id: r.eventId, kind: "consumption", credits: -r.credits, balance_after: r.balanceAfter, actor_user_id: r.userId,
      batch_id: r.batchId, resource: r.resource, quantity: r.quantity, reason: null, recorded_at: r.recordedAt,
    }));
  const adjustments = db.select().from(creditAdjustments).where(and(eq(creditAdjustments.accountKind, ref.kind), eq(creditAdjustments.accountId, ref.id))).orderBy(sql`rowid`).all()
    .map(adjustmentEntry);
  // Rows are stamped strictly increasing (ledger-clock.ts); rows of older versions written in the same
  // millisecond keep their order within a table (rowid), newest first.
  const written = [...consumption, ...adjustments].map((entry, i) => ({ entry, i }));
  const all = written.sort((a, b) => b.entry.recorded_at.localeCompare(a.entry.recorded_at) || b.i - a.i).map((w) => w.entry);
  return { total: all.length, entries: all.slice(offset, offset + limit) };
}
