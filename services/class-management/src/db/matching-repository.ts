import { and, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchMatchings, essayAssociations, MatchingStatus, type ConfirmedBy } from "./schema.ts";

export type BatchMatchingRow = typeof batchMatchings.$inferSelect;
export type EssayAssociationRow = typeof essayAssociations.$inferSelect;

/** REGULAR batches and their essays' author suggestions and settled students. */
export function recordRegularBatch(tx: DbOrTx, row: { batchId: string; classId: string; userId: string }): boolean {
  const inserted = tx.insert(batchMatchings)
    .values({ ...row, status: MatchingStatus.AWAITING_CONTENT, createdAt: new Date().toISOString() })
    .onConflictDoNothing().returning({ id: batchMatchings.batchId }).all();
  return inserted.length > 0;
}

export function findMatching(db: DbOrTx, batchId: string): BatchMatchingRow | undefined {
  return db.select().from(batchMatchings).where(eq(batchMatchings.batchId, batchId)).get();
}

export function storeSuggestions(tx: DbOrTx, batchId: string, rows: Omit<EssayAssociationRow, "batchId" | "studentId">[], confirmBy: number): void {
  for (const row of rows) tx.insert(essayAssociations).values({ ...row, batchId, studentId: null }).onConflictDoNothing().run();
  tx.update(batchMatchings).set({ status: MatchingStatus.AWAITING_CONFIRMATION, confirmBy }).where(eq(batchMatchings.batchId, batchId)).run();
}

export function associationsOf(db: DbOrTx, batchId: string): EssayAssociationRow[] {
  return db.select().from(essayAssociations).where(eq(essayAssociations.batchId, batchId)).all().sort((a, b) => a.originalFileName.localeCompare(b.originalFileName));
}

/** Settle every essay's student and mark the batch confirmed; false when it was not awaiting confirmation. */
export function settleAssociations(tx: DbOrTx, batchId: string, finals: Map<string, string | null>, by: ConfirmedBy): boolean {
  const updated = tx.update(batchMatchings)
    .set({ status: MatchingStatus.CONFIRMED, confirmedBy: by, confirmedAt: new Date().toISOString(), confirmBy: null })
    .where(and(eq(batchMatchings.batchId, batchId), eq(batchMatchings.status, MatchingStatus.AWAITING_CONFIRMATION)))
    .returning({ id: batchMatchings.batchId }).all();
  if (updated.length === 0) return false;
  for (const [essayId, studentId] of finals) {
    tx.update(essayAssociations).set({ studentId }).where(and(eq(essayAssociations.batchId, batchId), eq(essayAssociations.essayId, essayId))).run();
  }
  return true;
}

export function dueForTimeout(db: DbOrTx, now: number): BatchMatchingRow[] {
  return db.select().from(batchMatchings).where(and(eq(batchMatchings.status, MatchingStatus.AWAITING_CONFIRMATION), lte(batchMatchings.confirmBy, now))).all();
}
