import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { payingAccount, type AccountRef, type CreditPolicy } from "../domain/credit-policy.ts";
import { ensureAccount, knownOrganisation, peekAccount, recordConsumption, resolvePayer, type AccountState, type ConsumptionRecord } from "./account-repository.ts";
import { ledgerPage, recordAdjustment, type LedgerEntry } from "./ledger-repository.ts";
import type { AdjustmentKind } from "./schema.ts";

export type { AccountState, ConsumptionRecord, LedgerEntry };

export interface AdjustmentChange {
  kind: AdjustmentKind;
  credits: number;
  reason: string;
  actorUserId: string;
}

export interface LedgerPage {
  account: AccountRef;
  total: number;
  entries: LedgerEntry[];
}

/**
 * Everything the handlers and routes ask of entitlements' database, async for both dialects:
 * PostgreSQL answers over the network; SQLite's implementation makes the same synchronous calls as
 * before inside each method, so no SQLite transaction ever spans an `await`.
 */
export interface EntitlementsStore {
  /** The account that pays for this user (a named organisation is remembered), created with its grant on first sight. */
  ensurePayer(userId: string, orgId: string | null | undefined): Promise<AccountState>;
  /** The paying account as stored, or as it would be on first sight; writes nothing. */
  peekPayer(userId: string, orgId: string | null | undefined): Promise<AccountState>;
  /**
   * Apply one consumption event exactly once for `consumer`: the processed mark, the ledger row and
   * the account's total commit together. Null when the event was already applied.
   */
  consumeOnce(consumer: string, record: ConsumptionRecord): Promise<{ payer: AccountRef; after: AccountState } | null>;
  /** An admin's adjustment: the adjustment row and the account's grant move together. */
  adjust(ref: AccountRef, change: AdjustmentChange): Promise<LedgerEntry>;
  /** One page of the paying account's ledger, newest first. */
  ledger(userId: string, orgId: string | null | undefined, limit: number, offset: number): Promise<LedgerPage>;
}

/** The store on SQLite (the embedded default): one writer per file, `BEGIN IMMEDIATE` transactions. */
export function createSqliteEntitlementsStore(db: Db, uow: UnitOfWork, policy: CreditPolicy): EntitlementsStore {
  const payerOf = (userId: string, orgId: string | null | undefined) => payingAccount(userId, orgId, orgId ? null : knownOrganisation(db, userId));
  return {
    async ensurePayer(userId, orgId) {
      return db.transaction((tx) => ensureAccount(tx, resolvePayer(tx, userId, orgId), policy), { behavior: "immediate" });
    },
    async peekPayer(userId, orgId) {
      return peekAccount(db, payerOf(userId, orgId), policy);
    },
    async consumeOnce(consumer, record) {
      const outcome = uow.runOnce(consumer, record.eventId, (tx) => {
        const payer = resolvePayer(tx, record.userId, record.orgId);
        const after = recordConsumption(tx, payer, record, policy);
        return after ? { payer, after } : null;
      });
      return outcome.applied ? outcome.result : null;
    },
    async adjust(ref, change) {
      return db.transaction((tx) => recordAdjustment(tx, ref, change, policy), { behavior: "immediate" });
    },
    async ledger(userId, orgId, limit, offset) {
      const account = payerOf(userId, orgId);
      return { account, ...ledgerPage(db, account, limit, offset) };
    },
  };
}
