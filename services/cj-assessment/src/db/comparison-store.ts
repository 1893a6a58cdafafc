import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { PairStatus, RequestStatus } from "../domain/statuses.ts";
import { cjPairs, cjRequests } from "./schema.ts";

export type PairRow = typeof cjPairs.$inferSelect;
export type RequestRow = typeof cjRequests.$inferSelect;

export function insertPair(tx: DbOrTx, row: Omit<PairRow, "status" | "winner" | "confidence" | "retries" | "answeredAt" | "itemLo" | "itemHi">): void {
  tx.insert(cjPairs)
    .values({ ...row, itemLo: Math.min(row.itemA, row.itemB), itemHi: Math.max(row.itemA, row.itemB), status: PairStatus.PENDING })
    .run();
}

export function insertRequest(tx: DbOrTx, row: { requestId: string; batchId: string; pairId: string; issuedAt: string }): void {
  tx.insert(cjRequests).values({ ...row, status: RequestStatus.SENT }).run();
}

export function findRequest(db: DbOrTx, requestId: string): RequestRow | undefined {
  return db.select().from(cjRequests).where(eq(cjRequests.requestId, requestId)).get();
}

export function findPair(db: DbOrTx, pairId: string): PairRow | undefined {
  return db.select().from(cjPairs).where(eq(cjPairs.pairId, pairId)).get();
}

export function pairsOf(db: DbOrTx, batchId: string): PairRow[] {
  return db.select().from(cjPairs).where(eq(cjPairs.batchId, batchId)).orderBy(asc(cjPairs.round), asc(cjPairs.createdAt)).all();
}

/**
 * How many of a batch's pairs are pending and answered, counted in SQLite on the (batch, status)
 * index: what a result needs to know while its round is still out, without reading every pair.
 */
export function pairStatusCounts(db: DbOrTx, batchId: string): { pending: number; answered: number } {
  const rows = db.select({ status: cjPairs.status, n: count() }).from(cjPairs).where(eq(cjPairs.batchId, batchId)).groupBy(cjPairs.status).all();
  const of = (status: PairStatus) => rows.find((r) => r.status === status)?.n ?? 0;
  return { pending: of(PairStatus.PENDING), answered: of(PairStatus.ANSWERED) };
}

export function pendingPairsOf(db: DbOrTx, batchId: string): PairRow[] {
  return db.select().from(cjPairs).where(and(eq(cjPairs.batchId, batchId), eq(cjPairs.status, PairStatus.PENDING))).all();
}

/** Settle a request that is still out; false when it was answered before (a duplicate). */
export function settleRequest(tx: DbOrTx, requestId: string, status: RequestStatus, answeredAt: string, errorCode: string | null = null): boolean {
  const changed = tx
    .update(cjRequests)
    .set({ status, answeredAt, errorCode })
    .where(and(eq(cjRequests.requestId, requestId), eq(cjRequests.status, RequestStatus.SENT)))
    .returning({ id: cjRequests.requestId })
    .all();
  return changed.length === 1;
}

/** Record the winner (and the judge's confidence in it) of a pair still pending; false when it was settled before. */
export function answerPair(tx: DbOrTx, pairId: string, winner: number, answeredAt: string, confidence: number | null = null): boolean {
  const changed = tx
    .update(cjPairs)
    .set({ status: PairStatus.ANSWERED, winner, confidence, answeredAt })
    .where(and(eq(cjPairs.pairId, pairId), eq(cjPairs.status, PairStatus.PENDING)))
    .returning({ id: cjPairs.pairId })
    .all();
  return changed.length === 1;
}

export function abandonPair(tx: DbOrTx, pairId: string, at: string): void {
  tx.update(cjPairs).set({ status: PairStatus.ABANDONED, answeredAt: at }).where(and(eq(cjPairs.pairId, pairId), eq(cjPairs.status, PairStatus.PENDING))).run();
}

/** Point a pending pair at a newly issued request; `retried` counts it against the retry limit. */
export function replaceCurrentRequest(tx: DbOrTx, pair: PairRow, requestId: string, retried: boolean): void {
  tx.update(cjPairs)
    .set({ currentRequestId: requestId, retries: pair.retries + (retried ? 1 : 0) })
    .where(eq(cjPairs.pairId, pair.pairId))
    .run();
}
