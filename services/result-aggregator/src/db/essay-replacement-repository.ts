import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchViews, essayFailures, essayViews } from "./schema.ts";

export interface ReplacedFile {
  fileUploadId: string;
  originalFileName: string;
  textStorageId: string;
  studentName: string | null;
  studentEmail: string | null;
}

/** The result blobs of one essay that a new text makes stale (not the new text itself). */
export function staleEssayStorageIds(db: DbOrTx, batchId: string, essayId: string, newTextStorageId: string): string[] {
  const e = db.select().from(essayViews).where(and(eq(essayViews.batchId, batchId), eq(essayViews.essayId, essayId))).get();
  if (!e) return [];
  return [e.originalTextStorageId, e.currentTextStorageId, e.correctedTextStorageId, e.nlpMetricsStorageId, e.aiFeedbackStorageId]
    .filter((id): id is string => id !== null && id !== newTextStorageId);
}

// Results stamped with the replacement's time: a result of the old text (older event) never supersedes it.
const clearedEssayResults = (at: string) => ({
  spellcheckStatus: null, corrections: null, correctionCount: null, correctedTextStorageId: null, spellcheckWordCount: null, spellcheckAt: at,
  nlpStatus: null, nlpMetrics: null, nlpMetricsStorageId: null, nlpAt: at,
  aiFeedbackStatus: null, aiFeedbackStorageId: null, aiFeedbackPreview: null, aiFeedbackProvider: null, aiFeedbackStructured: null, aiFeedbackAt: at,
});
const clearedCjResults = (at: string) => ({
  cjRank: null, cjScore: null, cjStandardError: null, cjGrade: null, cjGradeProbabilities: null, cjGradeUncertain: null, cjAt: at,
});

/**
 * The essay shows its new file and text and none of the old text's results. CJ scores are relative
 * to the whole batch, so every essay's ranking and the batch's CJ summary go. False when the view
 * does not hold the essay.
 */
export function replaceEssayView(tx: DbOrTx, batchId: string, essayId: string, file: ReplacedFile, at: string, now: string): boolean {
  const updated = tx.update(essayViews).set({
    fileUploadId: file.fileUploadId, originalFileName: file.originalFileName, originalTextStorageId: file.textStorageId, currentTextStorageId: file.textStorageId,
    studentName: file.studentName, studentEmail: file.studentEmail, ...clearedEssayResults(at), updatedAt: now,
  }).where(and(eq(essayViews.batchId, batchId), eq(essayViews.essayId, essayId))).returning({ id: essayViews.essayId }).all();
  if (updated.length === 0) return false;
  tx.delete(essayFailures).where(and(eq(essayFailures.batchId, batchId), eq(essayFailures.essayId, essayId))).run();
  tx.update(essayViews).set({ ...clearedCjResults(at), updatedAt: now }).where(eq(essayViews.batchId, batchId)).run();
  tx.update(batchViews).set({
    cjGradeScale: null, cjComparisonsMade: null, cjFinishReason: null, cjAnchors: null, cjGradeProjection: null, cjStatistics: null, cjPublishedAt: at, updatedAt: now,
  }).where(eq(batchViews.batchId, batchId)).run();
  return true;
}

export function batchOwnerAndCount(db: DbOrTx, batchId: string) {
  return db.select({ userId: batchViews.userId, expected: batchViews.expectedEssayCount }).from(batchViews).where(eq(batchViews.batchId, batchId)).get();
}
