import { eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchViews, essayFailures, essayViews, phaseViews } from "./schema.ts";

/** Every content storage id the views point at: original and current texts, corrections, metrics, feedback. */
export function viewStorageIds(db: DbOrTx, batchId: string): string[] {
  const ids: (string | null)[] = [];
  for (const e of db.select().from(essayViews).where(eq(essayViews.batchId, batchId)).all()) {
    ids.push(e.originalTextStorageId, e.currentTextStorageId, e.correctedTextStorageId, e.nlpMetricsStorageId, e.aiFeedbackStorageId);
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** Delete the batch's views (essays, phases, failures, the batch); rows deleted. */
export function eraseBatchViews(tx: DbOrTx, batchId: string): number {
  let rows = 0;
  rows += tx.delete(essayFailures).where(eq(essayFailures.batchId, batchId)).returning({ id: essayFailures.essayId }).all().length;
  rows += tx.delete(essayViews).where(eq(essayViews.batchId, batchId)).returning({ id: essayViews.essayId }).all().length;
  rows += tx.delete(phaseViews).where(eq(phaseViews.batchId, batchId)).returning({ id: phaseViews.phase }).all().length;
  rows += tx.delete(batchViews).where(eq(batchViews.batchId, batchId)).returning({ id: batchViews.batchId }).all().length;
  return rows;
}
