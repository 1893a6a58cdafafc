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

export function pairsOf(db: DbOrTx, batchId: string): PairRow[] {
  return db.select().from(cjPairs).where(eq(cjPairs.batchId, batchId)).orderBy(asc(cjPairs.round), asc(cjPairs.createdAt)).all();
}

/** Pending pairs of a batch (an index range of the round still out). */
export function pendingPairCount(db: DbOrTx, batchId: string): number {
  return db.select({ n: count() }).from(cjPairs).where(and(eq(cjPairs.batchId, batchId), eq(cjPairs.status, PairStatus.PENDING))).get()?.n ?? 0;
}

export function pendingPairsOf(db: DbOrTx, batchId: string): PairRow[] {
  return db.select().from(cjPairs).where(and(eq(cjPairs.batchId, batchId), eq(cjPairs.status, PairStatus.PENDING))).all();
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
