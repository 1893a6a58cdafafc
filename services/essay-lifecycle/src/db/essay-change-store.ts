import { and, eq, inArray, max, sql } from "drizzle-orm";
import { EssayStatus } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchContents, batches, essays, phaseRunEssays, removedSlots } from "./schema.ts";
import { ContentOutcome } from "./statuses.ts";

const now = () => new Date().toISOString();

/** The next generation of a batch's essay set: each generation is handed on at most once. */
const nextEssaySetVersion = sql`${batches.essaySetVersion} + 1`;

/**
 * New empty slots after the last one; the batch awaits content again (a new essay set version),
 * so its hand-over happens once more when they are filled or removed. Slots already removed (the
 * removal overtook this addition) are not added. False when the batch is unknown.
 */
export function addSlots(tx: DbOrTx, batchId: string, essayIds: readonly string[]): boolean {
  const batch = tx.select({ id: batches.batchId, expected: batches.expectedCount }).from(batches).where(eq(batches.batchId, batchId)).get();
  if (!batch) return false;
  const removed = new Set(
    essayIds.length === 0 ? [] : tx.select({ id: removedSlots.essayId }).from(removedSlots).where(inArray(removedSlots.essayId, [...essayIds])).all().map((r) => r.id),
  );
  const added = essayIds.filter((id) => !removed.has(id));
  const last = tx.select({ i: max(essays.slotIndex) }).from(essays).where(eq(essays.batchId, batchId)).get()?.i ?? -1;
  const at = now();
  if (added.length > 0) {
    tx.insert(essays)
      .values(added.map((essayId, i) => ({ essayId, batchId, slotIndex: last + 1 + i, status: EssayStatus.AWAITING_CONTENT, createdAt: at, updatedAt: at })))
      .onConflictDoNothing()
      .run();
  }
  // Relative, not BOS's absolute count: an addition and a removal may arrive in either order. The
  // batch is opened even when every slot was removed already: BOS awaits a hand-over since this addition.
  tx.update(batches)
    .set({ expectedCount: batch.expected + added.length, provisioningCompletedAt: null, essaySetVersion: nextEssaySetVersion })
    .where(eq(batches.batchId, batchId))
    .run();
  return true;
}

/** The content storage ids of one slot: its texts, raw file and phase inputs and results. */
export function slotStorageIds(db: DbOrTx, essayId: string): string[] {
  const ids: (string | null)[] = [];
  const slot = db.select().from(essays).where(eq(essays.essayId, essayId)).get();
  if (slot) ids.push(slot.textStorageId, slot.originalTextStorageId, slot.rawFileStorageId);
  for (const r of db.select().from(phaseRunEssays).where(eq(phaseRunEssays.essayId, essayId)).all()) ids.push(r.inputTextStorageId, r.resultTextStorageId);
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** Delete a slot, its content ledger entry and phase records (a new essay set version); the file upload id it held (undefined: no such slot). */
export function removeSlot(tx: DbOrTx, batchId: string, essayId: string): { fileUploadId: string | null; expectedCount: number } | undefined {
  // Remembered even for a slot not added yet, so its late addition does not bring it back.
  tx.insert(removedSlots).values({ essayId, batchId, removedAt: now() }).onConflictDoNothing().run();
  const slot = tx.select().from(essays).where(and(eq(essays.batchId, batchId), eq(essays.essayId, essayId))).get();
  if (!slot) return undefined;
  tx.delete(phaseRunEssays).where(eq(phaseRunEssays.essayId, essayId)).run();
  tx.delete(batchContents).where(and(eq(batchContents.batchId, batchId), eq(batchContents.essayId, essayId))).run();
  tx.delete(essays).where(eq(essays.essayId, essayId)).run();
  const batch = tx.select({ expected: batches.expectedCount }).from(batches).where(eq(batches.batchId, batchId)).get();
  const expectedCount = Math.max(0, (batch?.expected ?? 1) - 1);
  // A new essay set: if the removed slot was the last one awaiting content, the batch is handed on
  // again, even when the essays left are exactly those of an earlier hand-over.
  tx.update(batches).set({ expectedCount, essaySetVersion: nextEssaySetVersion }).where(eq(batches.batchId, batchId)).run();
  return { fileUploadId: slot.fileUploadId, expectedCount };
}

/** Forget that an upload was excess, so it can take one of the slots just added. */
export function releaseExcess(tx: DbOrTx, batchId: string, fileUploadId: string): void {
  tx.delete(batchContents)
    .where(and(eq(batchContents.batchId, batchId), eq(batchContents.fileUploadId, fileUploadId), eq(batchContents.outcome, ContentOutcome.EXCESS)))
    .run();
}
