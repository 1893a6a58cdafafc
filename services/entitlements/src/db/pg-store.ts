import { and, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { LedgerEntrySchema } from "@shared/contracts/credits-admin.ts";
import { markProcessedPg } from "@shared/db/pg-outbox.ts";
import type { PgDb, PgDbOrTx } from "@shared/db/postgres.ts";
import { payingAccount, type AccountRef, type CreditPolicy } from "../domain/credit-policy.ts";
import { accountsPg, consumptionLedgerPg, creditAdjustmentsPg, userOrganisationsPg } from "./schema.ts";
import { accountStateOf, adjustmentEntry, unseenAccount, type AccountState } from "./row-views.ts";
import type { EntitlementsStore } from "./store.ts";

const now = () => new Date().toISOString();
const byRef = (ref: AccountRef) => and(eq(accountsPg.kind, ref.kind), eq(accountsPg.accountId, ref.id));

/**
 * The account's next ledger stamp, taken while the UPDATE holds the account's row lock: the writer's
 * clock, or 1 ms after the account's last write when that clock has not passed it (same millisecond,
 * another host's clock behind). Every change to one account is serialised on that lock, so its stamps
 * strictly increase in commit order whatever the number of writers: the ledger's order is
 * `recorded_at` (then the entry id, which never decides for rows written here).
 */
const nextStamp = (at: string) =>
  sql`to_char(GREATEST(${at}::timestamptz, ${accountsPg.updatedAt}::timestamptz + interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function knownOrganisation(db: PgDbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ orgId: userOrganisationsPg.orgId }).from(userOrganisationsPg).where(eq(userOrganisationsPg.userId, userId)).limit(1);
  return row?.orgId ?? null;
}

async function resolvePayer(tx: PgDbOrTx, userId: string, orgId: string | null | undefined): Promise<AccountRef> {
  if (orgId) {
    await tx.insert(userOrganisationsPg).values({ userId, orgId, updatedAt: now() })
      .onConflictDoUpdate({ target: userOrganisationsPg.userId, set: { orgId, updatedAt: now() } });
  }
  return payingAccount(userId, orgId, orgId ? null : await knownOrganisation(tx, userId));
}

async function peekAccount(db: PgDbOrTx, ref: AccountRef, policy: CreditPolicy): Promise<AccountState> {
  const [row] = await db.select().from(accountsPg).where(byRef(ref)).limit(1);
  return row ? accountStateOf(row) : unseenAccount(ref, policy);
}

/** Create the account with its grant if unseen; concurrent first sights wait on one another's insert and skip. */
async function ensureAccount(tx: PgDbOrTx, ref: AccountRef, policy: CreditPolicy): Promise<void> {
  const at = now();
  await tx.insert(accountsPg).values({ kind: ref.kind, accountId: ref.id, granted: policy.initialGrant[ref.kind], consumed: 0, createdAt: at, updatedAt: at })
    .onConflictDoNothing();
}

/** Move the account by `change` in one statement under its row lock (no read-modify-write); the new state and stamp. */
async function moveAccount(tx: PgDbOrTx, ref: AccountRef, change: { consumed: number } | { granted: number }) {
  const set = "consumed" in change
    ? { consumed: sql`${accountsPg.consumed} + ${change.consumed}` }
    : { granted: sql`${accountsPg.granted} + ${change.granted}` };
  const [row] = await tx.update(accountsPg).set({ ...set, updatedAt: nextStamp(now()) }).where(byRef(ref)).returning();
  if (!row) throw new Error(`account ${ref.kind}:${ref.id} vanished inside its transaction`);
  return { after: accountStateOf(row), stamp: row.updatedAt };
}

/** The event's ledger row already exists without its processed mark: roll the deduction back, change nothing. */
class AlreadyRecorded extends Error {}

/**
 * The store on PostgreSQL (`ENTITLEMENTS_DATABASE_URL` / `DATABASE_URL`), correct under any number of
 * concurrent writers (instances, pool connections): consumption is applied once per event by the
 * processed mark (a duplicate delivery waits on the first's row and then sees the conflict) and the
 * ledger row's primary key; the account total moves by `consumed = consumed + n` in the same
 * transaction, so no update is lost and `balance_after` is the balance that deduction produced.
 */
export function createPgEntitlementsStore(db: PgDb, policy: CreditPolicy): EntitlementsStore {
  const payerOf = async (userId: string, orgId: string | null | undefined) => payingAccount(userId, orgId, orgId ? null : await knownOrganisation(db, userId));
  return {
    async ensurePayer(userId, orgId) {
      return db.transaction(async (tx) => {
        const payer = await resolvePayer(tx, userId, orgId);
        await ensureAccount(tx, payer, policy);
        return peekAccount(tx, payer, policy);
      });
    },
    async peekPayer(userId, orgId) {
      return peekAccount(db, await payerOf(userId, orgId), policy);
    },
    async consumeOnce(consumer, record) {
      try {
        return await db.transaction(async (tx) => {
          if (!(await markProcessedPg(tx, consumer, record.eventId))) return null;
          const payer = await resolvePayer(tx, record.userId, record.orgId);
          await ensureAccount(tx, payer, policy);
          const { after, stamp } = await moveAccount(tx, payer, { consumed: record.credits });
          const inserted = await tx.insert(consumptionLedgerPg).values({
            ...record, accountKind: payer.kind, accountId: payer.id, balanceAfter: after.balance, recordedAt: stamp,
          }).onConflictDoNothing().returning({ eventId: consumptionLedgerPg.eventId });
          if (inserted.length === 0) throw new AlreadyRecorded();
          return { payer, after };
        });
      } catch (err) {
        if (err instanceof AlreadyRecorded) return null;
        throw err;
      }
    },
    async adjust(ref, change) {
      return db.transaction(async (tx) => {
        await ensureAccount(tx, ref, policy);
        const { after, stamp } = await moveAccount(tx, ref, { granted: change.credits });
        const row = {
          adjustmentId: crypto.randomUUID(), accountKind: ref.kind, accountId: ref.id, kind: change.kind, credits: change.credits, reason: change.reason,
          actorUserId: change.actorUserId, balanceAfter: after.balance, recordedAt: stamp,
        };
        await tx.insert(creditAdjustmentsPg).values(row);
        return adjustmentEntry(row);
      });
    },
    async ledger(userId, orgId, limit, offset) {
      const account = await payerOf(userId, orgId);
      const c = consumptionLedgerPg;
      const a = creditAdjustmentsPg;
      // One paged query over both tables: the page is cut by the database, not in memory. The stamps are
      // fixed-width ISO text, so byte order ("C") is time order whatever the database's collation.
      const entries = sql`
        SELECT ${c.eventId} AS entry_id, 'consumption'::text AS kind, -${c.credits} AS credits, ${c.balanceAfter} AS balance_after,
               ${c.userId} AS actor_user_id, ${c.batchId} AS batch_id, ${c.resource} AS resource, ${c.quantity} AS quantity,
               NULL::text AS reason, ${c.recordedAt} AS recorded_at
          FROM ${c} WHERE ${c.accountKind} = ${account.kind} AND ${c.accountId} = ${account.id}
        UNION ALL
        SELECT ${a.adjustmentId}, ${a.kind}, ${a.credits}, ${a.balanceAfter}, ${a.actorUserId}, NULL::text, NULL::text, NULL::integer, ${a.reason}, ${a.recordedAt}
          FROM ${a} WHERE ${a.accountKind} = ${account.kind} AND ${a.accountId} = ${account.id}`;
      const [rows, counted] = await Promise.all([
        db.execute(sql`SELECT * FROM (${entries}) e ORDER BY recorded_at COLLATE "C" DESC, entry_id COLLATE "C" DESC LIMIT ${limit} OFFSET ${offset}`),
        db.execute(sql`SELECT count(*)::integer AS total FROM (${entries}) e`),
      ]);
      const total = v.parse(v.array(v.object({ total: v.number() })), counted)[0]?.total ?? 0;
      return { account, total, entries: v.parse(v.array(LedgerEntrySchema), rows) };
    },
  };
}
