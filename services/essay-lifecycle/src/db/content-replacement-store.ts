import { and, eq, inArray, ne } from "drizzle-orm";
import { EssayStatus } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchContents, essays, pendingContents, phaseRunEssays, phaseRuns } from "./schema.ts";
import type { SlotContent } from "./intake-store.ts";
import { ContentOutcome, PhaseRunEssayStatus, PhaseRunStatus } from "./statuses.ts";

// A slot's content replaced by a new file: the slot keeps its essay id, loses everything of the old text.

export function findSlotOfUpload(db: DbOrTx, batchId: string, fileUploadId: string) {
  return db.select().from(essays).where(and(eq(essays.batchId, batchId), eq(essays.fileUploadId, fileUploadId))).get();
}

/** Runs in progress in which the essay still waits for its result (a replacement raced a pipeline). */
export function pendingRunsOfEssay(tx: DbOrTx, essayId: string) {
  return tx.select({ runId: phaseRuns.runId, batchId: phaseRuns.batchId, phase: phaseRuns.phase }).from(phaseRunEssays)
    .innerJoin(phaseRuns, eq(phaseRuns.runId, phaseRunEssays.runId))
    .where(and(eq(phaseRunEssays.essayId, essayId), eq(phaseRunEssays.status, PhaseRunEssayStatus.PENDING), eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS)))
    .all();
}

/**
 * Give the slot its new content and make it ready for any phase again: the ledger entry follows the
 * new text, and the essay's records in finished runs (whose blobs are erased) are dropped; a run
 * still in progress keeps its row so its outcome still counts the essay. False when the slot changed.
 */
export function replaceSlotContent(tx: DbOrTx, slot: { essayId: string; batchId: string; contentSha256: string | null }, content: SlotContent): boolean {
  if (slot.contentSha256 === null) return false;
  const at = new Date().toISOString();
  const updated = tx.update(essays).set({
    status: EssayStatus.READY_FOR_PROCESSING, textStorageId: content.textStorageId, originalTextStorageId: content.textStorageId,
    rawFileStorageId: content.rawFileStorageId, fileUploadId: content.fileUploadId, originalFileName: content.originalFileName,
    contentSha256: content.contentSha256, studentName: content.studentName, studentEmail: content.studentEmail, updatedAt: at,
  }).where(and(eq(essays.essayId, slot.essayId), eq(essays.contentSha256, slot.contentSha256)))
    .returning({ essayId: essays.essayId }).all();
  if (updated.length === 0) return false;
  tx.delete(batchContents).where(and(eq(batchContents.batchId, slot.batchId), eq(batchContents.essayId, slot.essayId))).run();
  tx.insert(batchContents).values({
    batchId: slot.batchId, contentSha256: content.contentSha256, fileUploadId: content.fileUploadId, originalFileName: content.originalFileName,
    textStorageId: content.textStorageId, outcome: ContentOutcome.ASSIGNED, essayId: slot.essayId, receivedAt: at,
  }).onConflictDoNothing().run();
  const finishedRuns = tx.select({ runId: phaseRuns.runId }).from(phaseRuns)
    .where(and(eq(phaseRuns.batchId, slot.batchId), ne(phaseRuns.status, PhaseRunStatus.IN_PROGRESS))).all().map((r) => r.runId);
  if (finishedRuns.length > 0) {
    tx.delete(phaseRunEssays).where(and(eq(phaseRunEssays.essayId, slot.essayId), inArray(phaseRunEssays.runId, finishedRuns))).run();
  }
  return true;
}

/**
 * An upload ELS holds without a slot (beyond the expected count): the held payload takes the new
 * content, so a slot added later gets the new file, and its excess entry goes.
 */
export function replaceHeldContent(tx: DbOrTx, batchId: string, fileUploadId: string, payload: unknown): boolean {
  tx.delete(batchContents).where(and(eq(batchContents.batchId, batchId), eq(batchContents.fileUploadId, fileUploadId), eq(batchContents.outcome, ContentOutcome.EXCESS))).run();
  return tx.update(pendingContents).set({ payload: JSON.stringify(payload) })
    .where(and(eq(pendingContents.batchId, batchId), eq(pendingContents.fileUploadId, fileUploadId)))
    .returning({ id: pendingContents.id }).all().length > 0;
}
