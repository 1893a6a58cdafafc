import { and, eq, max } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchViews, essayFailures, essayViews } from "./schema.ts";

/** New essays of the batch take the positions after the last one; the expected count follows. */
export function addEssayViews(tx: DbOrTx, batchId: string, essayIds: readonly string[], now: string): boolean {
  const batch = tx.select({ expected: batchViews.expectedEssayCount }).from(batchViews).where(eq(batchViews.batchId, batchId)).get();
  if (!batch) return false;
  const last = tx.select({ p: max(essayViews.position) }).from(essayViews).where(eq(essayViews.batchId, batchId)).get()?.p ?? -1;
  essayIds.forEach((essayId, i) => tx.insert(essayViews).values({ batchId, essayId, position: last + 1 + i, updatedAt: now }).onConflictDoNothing().run());
  // Relative: an addition and a removal (from another producer) may arrive in either order.
  tx.update(batchViews).set({ expectedEssayCount: (batch.expected ?? 0) + essayIds.length, updatedAt: now }).where(eq(batchViews.batchId, batchId)).run();
  return true;
}

/** Storage ids of one essay's view: texts, corrections, metrics, feedback. */
export function essayViewStorageIds(db: DbOrTx, batchId: string, essayId: string): string[] {
  const e = db.select().from(essayViews).where(and(eq(essayViews.batchId, batchId), eq(essayViews.essayId, essayId))).get();
  if (!e) return [];
  return [e.originalTextStorageId, e.currentTextStorageId, e.correctedTextStorageId, e.nlpMetricsStorageId, e.aiFeedbackStorageId]
    .filter((id): id is string => id !== null);
}

/** Drop one essay from the view; a provisioned one also leaves the provisioned count. */
export function removeEssayView(tx: DbOrTx, batchId: string, essayId: string, now: string): boolean {
  const removed = tx.delete(essayViews).where(and(eq(essayViews.batchId, batchId), eq(essayViews.essayId, essayId)))
    .returning({ text: essayViews.originalTextStorageId }).all();
  tx.delete(essayFailures).where(and(eq(essayFailures.batchId, batchId), eq(essayFailures.essayId, essayId))).run();
  const batch = tx.select({ provisioned: batchViews.provisionedCount, expected: batchViews.expectedEssayCount }).from(batchViews).where(eq(batchViews.batchId, batchId)).get();
  if (!batch || removed.length === 0) return removed.length > 0;
  const hadContent = removed.some((r) => r.text !== null);
  const provisionedCount = batch.provisioned !== null && hadContent ? Math.max(0, batch.provisioned - 1) : batch.provisioned;
  const expectedEssayCount = batch.expected === null ? null : Math.max(0, batch.expected - 1);
  tx.update(batchViews).set({ expectedEssayCount, provisionedCount, updatedAt: now }).where(eq(batchViews.batchId, batchId)).run();
  return removed.length > 0;
}
