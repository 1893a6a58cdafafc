import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { BatchState, statesAllowedBefore } from "../domain/batch-state.ts";
import { cjBatches, cjItems } from "./schema.ts";

export type BatchRow = typeof cjBatches.$inferSelect;
export type NewBatchRow = typeof cjBatches.$inferInsert;
export type ItemRow = typeof cjItems.$inferSelect;
export type BatchPatch = Partial<Omit<NewBatchRow, "batchId" | "state">>;

export function findBatch(db: DbOrTx, batchId: string): BatchRow | undefined {
  return db.select().from(cjBatches).where(eq(cjBatches.batchId, batchId)).get();
}

/** What a comparison result needs of its batch while the round is out (no scores, no texts). */
export function batchHead(db: DbOrTx, batchId: string): Pick<BatchRow, "state" | "budget"> | undefined {
  return db.select({ state: cjBatches.state, budget: cjBatches.budget }).from(cjBatches).where(eq(cjBatches.batchId, batchId)).get();
}

export function insertBatch(tx: DbOrTx, row: NewBatchRow, items: readonly ItemRow[]): void {
  tx.insert(cjBatches).values(row).run();
  if (items.length > 0) tx.insert(cjItems).values([...items]).run();
}

export function itemsOf(db: DbOrTx, batchId: string): ItemRow[] {
  return db.select().from(cjItems).where(eq(cjItems.batchId, batchId)).orderBy(asc(cjItems.itemIndex)).all();
}

export function updateBatch(tx: DbOrTx, batchId: string, patch: BatchPatch): void {
  tx.update(cjBatches).set(patch).where(eq(cjBatches.batchId, batchId)).run();
}

/**
 * Terminal-state guard: moves an open batch to `to` only if it is still open; false when another
 * trigger got there first (so the caller emits nothing).
 */
export function closeBatch(tx: DbOrTx, batchId: string, to: typeof BatchState.COMPLETED | typeof BatchState.FAILED, patch: BatchPatch): boolean {
  const changed = tx
    .update(cjBatches)
    .set({ ...patch, state: to })
    .where(and(eq(cjBatches.batchId, batchId), inArray(cjBatches.state, statesAllowedBefore(to))))
    .returning({ batchId: cjBatches.batchId })
    .all();
  return changed.length === 1;
}

/** Requests are out (first or next round); refused for a terminal batch. */
export function markWaiting(tx: DbOrTx, batchId: string, patch: BatchPatch): boolean {
  const changed = tx
    .update(cjBatches)
    .set({ ...patch, state: BatchState.WAITING_CALLBACKS })
    .where(and(eq(cjBatches.batchId, batchId), inArray(cjBatches.state, statesAllowedBefore(BatchState.WAITING_CALLBACKS))))
    .returning({ batchId: cjBatches.batchId })
    .all();
  return changed.length === 1;
}

/** Waiting batches without a callback since `cutoff` (ISO timestamp). */
export function stalledBatchIds(db: DbOrTx, cutoff: string): string[] {
  return db
    .select({ batchId: cjBatches.batchId })
    .from(cjBatches)
    .where(and(eq(cjBatches.state, BatchState.WAITING_CALLBACKS), lt(cjBatches.lastActivityAt, cutoff)))
    .all()
    .map((r) => r.batchId);
}
