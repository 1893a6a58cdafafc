import type * as v from "valibot";
import type { LedgerEntrySchema } from "@shared/contracts/credits-admin.ts";
import type { AccountRef, CreditPolicy } from "../domain/credit-policy.ts";

// What stored rows mean to callers, the same on both dialects (their tables have the same columns).

export interface AccountState extends AccountRef {
  granted: number;
  consumed: number;
  balance: number;
}

export type LedgerEntry = v.InferOutput<typeof LedgerEntrySchema>;

export function accountStateOf(row: { kind: AccountRef["kind"]; accountId: string; granted: number; consumed: number }): AccountState {
  return { kind: row.kind, id: row.accountId, granted: row.granted, consumed: row.consumed, balance: row.granted - row.consumed };
}

/** An account not stored yet, as it will be on first sight: its kind's initial grant. */
export function unseenAccount(ref: AccountRef, policy: CreditPolicy): AccountState {
  const granted = policy.initialGrant[ref.kind];
  return { ...ref, granted, consumed: 0, balance: granted };
}

/** An admin adjustment's row as a ledger entry. */
export function adjustmentEntry(row: {
  adjustmentId: string; kind: LedgerEntry["kind"]; credits: number; balanceAfter: number; actorUserId: string; reason: string; recordedAt: string;
}): LedgerEntry {
  return {
    entry_id: row.adjustmentId, kind: row.kind, credits: row.credits, balance_after: row.balanceAfter, actor_user_id: row.actorUserId,
    batch_id: null, resource: null, quantity: null, reason: row.reason, recorded_at: row.recordedAt,
  };
}
