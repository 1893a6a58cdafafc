import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchContents, batches, essays, pendingContents, phaseRunEssays, phaseRuns, removedSlots, validationFailures } from "./schema.ts";

/** Every content storage id ELS holds for the batch: slot texts, raw files, phase inputs and results. */
export function batchStorageIds(db: DbOrTx, batchId: string): string[] {
  const ids: (string | null)[] = [];
  for (const e of db.select().from(essays).where(eq(essays.batchId, batchId)).all()) ids.push(e.textStorageId, e.originalTextStorageId, e.rawFileStorageId);
  for (const c of db.select({ id: batchContents.textStorageId }).from(batchContents).where(eq(batchContents.batchId, batchId)).all()) ids.push(c.id);
  const runIds = db.select({ id: phaseRuns.runId }).from(phaseRuns).where(eq(phaseRuns.batchId, batchId)).all().map((r) => r.id);
  if (runIds.length > 0) {
    for (const r of db.select().from(phaseRunEssays).where(inArray(phaseRunEssays.runId, runIds)).all()) ids.push(r.inputTextStorageId, r.resultTextStorageId);
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** Delete the batch's slots, removed-slot marks, contents, pending contents, failures and phase runs; rows deleted. */
export function eraseBatchRows(tx: DbOrTx, batchId: string): number {
  let rows = 0;
  const runIds = tx.select({ id: phaseRuns.runId }).from(phaseRuns).where(eq(phaseRuns.batchId, batchId)).all().map((r) => r.id);
  if (runIds.length > 0) rows += tx.delete(phaseRunEssays).where(inArray(phaseRunEssays.runId, runIds)).returning({ id: phaseRunEssays.runId }).all().length;
  rows += tx.delete(phaseRuns).where(eq(phaseRuns.batchId, batchId)).returning({ id: phaseRuns.runId }).all().length;
  rows += tx.delete(batchContents).where(eq(batchContents.batchId, batchId)).returning({ id: batchContents.batchId }).all().length;
  rows += tx.delete(pendingContents).where(eq(pendingContents.batchId, batchId)).returning({ id: pendingContents.id }).all().length;
  rows += tx.delete(validationFailures).where(eq(validationFailures.batchId, batchId)).returning({ id: validationFailures.batchId }).all().length;
  rows += tx.delete(removedSlots).where(eq(removedSlots.batchId, batchId)).returning({ id: removedSlots.essayId }).all().length;
  rows += tx.delete(essays).where(eq(essays.batchId, batchId)).returning({ id: essays.essayId }).all().length;
  rows += tx.delete(batches).where(eq(batches.batchId, batchId)).returning({ id: batches.batchId }).all().length;
  return rows;
}
