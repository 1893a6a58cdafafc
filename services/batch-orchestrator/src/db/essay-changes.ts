import { and, eq, max } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batches, essayFailures, essays } from "./schema.ts";

const now = () => new Date().toISOString();

/** Append empty slots after the last position; the batch's expected count grows with them. */
export function appendEssaySlots(tx: DbOrTx, batchId: string, essayIds: readonly string[], expectedEssayCount: number): void {
  const last = tx.select({ p: max(essays.position) }).from(essays).where(eq(essays.batchId, batchId)).get()?.p ?? -1;
  tx.insert(essays).values(essayIds.map((essayId, i) => ({ essayId, batchId, position: last + 1 + i }))).run();
  tx.update(batches).set({ expectedEssayCount, updatedAt: now() }).where(eq(batches.batchId, batchId)).run();
}

/** Delete one essay of the batch (and its failure marks); false when it is not a slot of this batch. */
export function deleteEssay(tx: DbOrTx, batchId: string, essayId: string, expectedEssayCount: number): boolean {
  const found = tx.select({ id: essays.essayId }).from(essays).where(and(eq(essays.batchId, batchId), eq(essays.essayId, essayId))).get();
  if (!found) return false;
  tx.delete(essayFailures).where(eq(essayFailures.essayId, essayId)).run();
  tx.delete(essays).where(eq(essays.essayId, essayId)).run();
  tx.update(batches).set({ expectedEssayCount, updatedAt: now() }).where(eq(batches.batchId, batchId)).run();
  return true;
}

export function essayCount(db: DbOrTx, batchId: string): number {
  return db.select({ id: essays.essayId }).from(essays).where(eq(essays.batchId, batchId)).all().length;
}
