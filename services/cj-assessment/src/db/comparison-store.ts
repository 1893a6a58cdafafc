import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { PairStatus, RequestStatus } from "../domain/statuses.ts";
import { cjPairs, cjRequests } from "./schema.ts";

export type PairRow = typeof cjPairs.$inferSelect;
export type RequestRow = typeof cjRequests.$inferSelect;

export type NewPair = Omit<PairRow, "status" | "winner" | "confidence" | "retries" | "answeredAt" | "itemLo" | "itemHi">;
export type NewRequest = { requestId: string; batchId: string; pairId: string; issuedAt: string };

const pairValues = (row: NewPair) => ({ ...row, itemLo: Math.min(row.itemA, row.itemB), itemHi: Math.max(row.itemA, row.itemB), status: PairStatus.PENDING });

export function insertPair(tx: DbOrTx, row: NewPair): void {
  tx.insert(cjPairs).values(pairValues(row)).run();
}

export function insertRequest(tx: DbOrTx, row: NewRequest): void {
  tx.insert(cjRequests).values({ ...row, status: RequestStatus.SENT }).run();
}

// Rows per multi-row INSERT: 100 pairs × 10 columns stays far below SQLite's bound-parameter limit.
const ROWS_PER_INSERT = 100;

/**
 * A round's pairs and their requests, a few multi-row INSERTs instead of two built statements per
 * pair (drizzle builds and prepares each: ~0.2 ms per pair through the stack, issue 14).
 */
export function insertRound(tx: DbOrTx, pairs: readonly NewPair[], requests: readonly NewRequest[]): void {
  for (let i = 0; i < pairs.length; i += ROWS_PER_INSERT) tx.insert(cjPairs).values(pairs.slice(i, i + ROWS_PER_INSERT).map(pairValues)).run();
  for (let i = 0; i < requests.length; i += ROWS_PER_INSERT) {
    tx.insert(cjRequests).values(requests.slice(i, i + ROWS_PER_INSERT).map((row) => ({ ...row, status: RequestStatus.SENT }))).run();
  }
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
