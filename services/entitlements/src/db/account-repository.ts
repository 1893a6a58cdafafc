import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { payingAccount, type AccountRef, type ConsumableResource, type CreditPolicy } from "../domain/credit-policy.ts";
import { ledgerTimestamp } from "./ledger-clock.ts";
import { accountStateOf, unseenAccount, type AccountState } from "./row-views.ts";
import { accounts, consumptionLedger, userOrganisations } from "./schema.ts";

export type { AccountState };

const now = () => new Date().toISOString();
const byRef = (ref: AccountRef) => and(eq(accounts.kind, ref.kind), eq(accounts.accountId, ref.id));

/** The organisation the user was last seen acting for, if any. */
export function knownOrganisation(db: DbOrTx, userId: string): string | null {
  return db.select({ orgId: userOrganisations.orgId }).from(userOrganisations).where(eq(userOrganisations.userId, userId)).get()?.orgId ?? null;
}

/** Remember the user's organisation so later requests without one charge the same account. */
export function rememberOrganisation(db: DbOrTx, userId: string, orgId: string): void {
  db.insert(userOrganisations).values({ userId, orgId, updatedAt: now() })
    .onConflictDoUpdate({ target: userOrganisations.userId, set: { orgId, updatedAt: now() } }).run();
}

/** Which account pays for this user (and organisation, when given); remembers a named organisation. */
export function resolvePayer(db: DbOrTx, userId: string, orgId: string | null | undefined): AccountRef {
  if (orgId) rememberOrganisation(db, userId, orgId);
  return payingAccount(userId, orgId, orgId ? null : knownOrganisation(db, userId));
}

/** The account as stored, or as it would be on first sight (nothing is written). */
export function peekAccount(db: DbOrTx, ref: AccountRef, policy: CreditPolicy): AccountState {
  const row = db.select().from(accounts).where(byRef(ref)).get();
  return row ? accountStateOf(row) : unseenAccount(ref, policy);
}

/** The account, created with its initial grant the first time it is seen. */
export function ensureAccount(db: DbOrTx, ref: AccountRef, policy: CreditPolicy): AccountState {
  const at = now();
  db.insert(accounts).values({ kind: ref.kind, accountId: ref.id, granted: policy.initialGrant[ref.kind], consumed: 0, createdAt: at, updatedAt: at })
    .onConflictDoNothing().run();
  return peekAccount(db, ref, policy);
}

export interface ConsumptionRecord {
  eventId: string;
  userId: string;
  orgId: string | null;
  batchId: string;
  resource: ConsumableResource;
  quantity: number;
  credits: number;
}

/**
 * Deduct once per event: the ledger row (unique by event id) and the account's running total
 * change together. Returns the account after the deduction, or null when the event was already
 * recorded. A deduction below zero is recorded, never refused: the work has been done.
 */
export function recordConsumption(db: DbOrTx, ref: AccountRef, record: ConsumptionRecord, policy: CreditPolicy): AccountState | null {
  const before = ensureAccount(db, ref, policy);
  const inserted = db.insert(consumptionLedger).values({
    ...record, accountKind: ref.kind, accountId: ref.id, balanceAfter: before.balance - record.credits, recordedAt: ledgerTimestamp(),
  }).onConflictDoNothing().returning({ eventId: consumptionLedger.eventId }).all();
  if (inserted.length === 0) return null;
  db.update(accounts).set({ consumed: sql`${accounts.consumed} + ${record.credits}`, updatedAt: now() }).where(byRef(ref)).run();
  return peekAccount(db, ref, policy);
}
