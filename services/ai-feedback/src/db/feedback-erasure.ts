import { eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { essayCjPositions, essayCorrections, essayMetrics, feedbackRequests } from "./schema.ts";

const storedIds = (rows: { id: string | null; json: string | null }[]): string[] =>
  rows.flatMap((r) => [r.id, r.json]).filter((id): id is string => id !== null);
const grammarIds = (rows: { id: string | null }[]): string[] => rows.map((r) => r.id).filter((id): id is string => id !== null);

/** The feedback texts and structured-feedback documents the service stored for the batch, and the grammar checks it was told of. */
export function feedbackStorageIds(db: DbOrTx, batchId: string): string[] {
  return [
    ...storedIds(db.select({ id: feedbackRequests.feedbackStorageId, json: feedbackRequests.feedbackJsonStorageId }).from(feedbackRequests)
      .where(eq(feedbackRequests.batchId, batchId)).all()),
    ...grammarIds(db.select({ id: essayMetrics.grammarStorageId }).from(essayMetrics).where(eq(essayMetrics.batchId, batchId)).all()),
  ];
}


/** Delete the batch's corrections, metrics, CJ positions and feedback requests; rows deleted. */
export function eraseFeedbackState(tx: DbOrTx, batchId: string): number {
  let rows = 0;
  rows += tx.delete(essayCorrections).where(eq(essayCorrections.batchId, batchId)).returning({ id: essayCorrections.essayId }).all().length;
  rows += tx.delete(essayMetrics).where(eq(essayMetrics.batchId, batchId)).returning({ id: essayMetrics.essayId }).all().length;
  rows += tx.delete(essayCjPositions).where(eq(essayCjPositions.batchId, batchId)).returning({ id: essayCjPositions.essayId }).all().length;
  rows += tx.delete(feedbackRequests).where(eq(feedbackRequests.batchId, batchId)).returning({ id: feedbackRequests.requestId }).all().length;
  return rows;
}

/** One essay's feedback texts, structured-feedback documents and grammar check. */
export function essayFeedbackStorageIds(db: DbOrTx, essayId: string): string[] {
  return [
    ...storedIds(db.select({ id: feedbackRequests.feedbackStorageId, json: feedbackRequests.feedbackJsonStorageId }).from(feedbackRequests)
      .where(eq(feedbackRequests.essayId, essayId)).all()),
    ...grammarIds(db.select({ id: essayMetrics.grammarStorageId }).from(essayMetrics).where(eq(essayMetrics.essayId, essayId)).all()),
  ];
}

/** Delete one removed essay's corrections, metrics, CJ position and feedback requests; rows deleted. */
export function eraseEssayFeedbackState(tx: DbOrTx, essayId: string): number {
  let rows = 0;
  rows += tx.delete(essayCorrections).where(eq(essayCorrections.essayId, essayId)).returning({ id: essayCorrections.essayId }).all().length;
  rows += tx.delete(essayMetrics).where(eq(essayMetrics.essayId, essayId)).returning({ id: essayMetrics.essayId }).all().length;
  rows += tx.delete(essayCjPositions).where(eq(essayCjPositions.essayId, essayId)).returning({ id: essayCjPositions.essayId }).all().length;
  rows += tx.delete(feedbackRequests).where(eq(feedbackRequests.essayId, essayId)).returning({ id: feedbackRequests.requestId }).all().length;
  return rows;
}
