import { and, asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import { EssayStatus, type Language } from "@shared/contracts/enums.ts";
import type { StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { ProvisioningProgress } from "../domain/provisioning.ts";
import { batches, batchContents, essays, pendingContents, validationFailures } from "./schema.ts";
import type { ContentOutcome } from "./statuses.ts";

// Intake persistence: batches, slots, the content ledger, held content and validation failures.
// Every function takes the caller's transaction; none commits on its own.

export interface BatchContext {
  batchId: string;
  expectedCount: number;
  courseCode: string;
  language: Language;
  essayInstructions: string;
  studentPromptRef: StorageReferenceMetadata | null;
  userId: string;
  orgId: string | null;
  classId: string | null;
  assignmentId: string | null;
}

/** The content a file upload delivered, as the slot will keep it. */
export interface SlotContent {
  fileUploadId: string;
  originalFileName: string;
  rawFileStorageId: string;
  textStorageId: string;
  contentSha256: string;
  studentName: string | null;
  studentEmail: string | null;
}

const now = () => new Date().toISOString();

export function findBatch(tx: DbOrTx, batchId: string) {
  return tx.select().from(batches).where(eq(batches.batchId, batchId)).get();
}

/** Insert the batch and one AWAITING_CONTENT slot per essay id; false when it was already registered. */
export function insertBatchWithSlots(tx: DbOrTx, batch: BatchContext, essayIds: readonly string[]): boolean {
  const at = now();
  const inserted = tx.insert(batches).values({ ...batch, registeredAt: at }).onConflictDoNothing().returning({ id: batches.batchId }).all();
  if (inserted.length === 0) return false;
  if (essayIds.length > 0) {
    tx.insert(essays)
      .values(essayIds.map((essayId, slotIndex) => ({ essayId, batchId: batch.batchId, slotIndex, status: EssayStatus.AWAITING_CONTENT, createdAt: at, updatedAt: at })))
      .onConflictDoNothing()
      .run();
  }
  return true;
}

/** Put content in the batch's ledger; false when the same content (sha256) is already there. */
export function recordContent(tx: DbOrTx, batchId: string, content: SlotContent, outcome: ContentOutcome, essayId: string | null): boolean {
  const inserted = tx
    .insert(batchContents)
    .values({
      batchId, contentSha256: content.contentSha256, fileUploadId: content.fileUploadId, originalFileName: content.originalFileName,
      textStorageId: content.textStorageId, outcome, essayId, receivedAt: now(),
    })
    .onConflictDoNothing()
    .returning({ sha: batchContents.contentSha256 })
    .all();
  return inserted.length > 0;
}

export function findContent(tx: DbOrTx, batchId: string, contentSha256: string) {
  return tx.select().from(batchContents).where(and(eq(batchContents.batchId, batchId), eq(batchContents.contentSha256, contentSha256))).get();
}

/** The lowest free slot of a batch, read inside the caller's (immediate) transaction. */
export function findFreeSlot(tx: DbOrTx, batchId: string) {
  return tx
    .select({ essayId: essays.essayId, status: essays.status })
    .from(essays)
    .where(and(eq(essays.batchId, batchId), isNull(essays.contentSha256)))
    .orderBy(asc(essays.slotIndex))
    .limit(1)
    .get();
}

/** Fill a free slot with content and move it from `from` to `to`; false if the slot changed meanwhile. */
export function fillSlot(tx: DbOrTx, essayId: string, content: SlotContent, from: EssayStatus, to: EssayStatus): boolean {
  const updated = tx
    .update(essays)
    .set({
      status: to, textStorageId: content.textStorageId, originalTextStorageId: content.textStorageId,
      rawFileStorageId: content.rawFileStorageId, fileUploadId: content.fileUploadId, originalFileName: content.originalFileName,
      contentSha256: content.contentSha256, studentName: content.studentName, studentEmail: content.studentEmail, updatedAt: now(),
    })
    .where(and(eq(essays.essayId, essayId), isNull(essays.contentSha256), eq(essays.status, from)))
    .returning({ essayId: essays.essayId })
    .all();
  return updated.length > 0;
}

/** Hold content whose batch is not registered yet; false when this upload is already held. */
export function holdPendingContent(tx: DbOrTx, batchId: string, fileUploadId: string, payload: unknown, correlationId: string): boolean {
  const inserted = tx
    .insert(pendingContents)
    .values({ batchId, fileUploadId, payload: JSON.stringify(payload), correlationId, receivedAt: now() })
    .onConflictDoNothing()
    .returning({ id: pendingContents.id })
    .all();
  return inserted.length > 0;
}

/** Remove and return a batch's held content in arrival order. */
export function takePendingContents(tx: DbOrTx, batchId: string) {
  const rows = tx.select().from(pendingContents).where(eq(pendingContents.batchId, batchId)).orderBy(asc(pendingContents.id)).all();
  if (rows.length > 0) tx.delete(pendingContents).where(eq(pendingContents.batchId, batchId)).run();
  return rows.map((r) => ({ payload: JSON.parse(r.payload) as unknown, correlationId: r.correlationId }));
}

export interface ValidationFailureRow {
  batchId: string;
  fileUploadId: string;
  originalFileName: string;
  errorCode: string;
  message: string;
}

/** Record a failed file once per upload; false for a repeat. */
export function recordValidationFailure(tx: DbOrTx, failure: ValidationFailureRow): boolean {
  const inserted = tx
    .insert(validationFailures)
    .values({ ...failure, receivedAt: now() })
    .onConflictDoNothing()
    .returning({ id: validationFailures.fileUploadId })
    .all();
  return inserted.length > 0;
}

export function provisioningProgress(tx: DbOrTx, batchId: string, expected: number): ProvisioningProgress {
  const assigned = tx.select({ n: count() }).from(essays).where(and(eq(essays.batchId, batchId), isNotNull(essays.contentSha256))).get()?.n ?? 0;
  const failed = tx.select({ n: count() }).from(validationFailures).where(eq(validationFailures.batchId, batchId)).get()?.n ?? 0;
  return { expected, assigned, failed };
}

/** Mark the batch handed on; false when it already was. */
export function markProvisioningCompleted(tx: DbOrTx, batchId: string): boolean {
  const updated = tx
    .update(batches)
    .set({ provisioningCompletedAt: now() })
    .where(and(eq(batches.batchId, batchId), isNull(batches.provisioningCompletedAt)))
    .returning({ id: batches.batchId })
    .all();
  return updated.length > 0;
}

export function listFilledSlots(tx: DbOrTx, batchId: string) {
  return tx
    .select()
    .from(essays)
    .where(and(eq(essays.batchId, batchId), isNotNull(essays.contentSha256)))
    .orderBy(asc(essays.slotIndex))
    .all();
}

export function listValidationFailures(tx: DbOrTx, batchId: string) {
  return tx.select().from(validationFailures).where(eq(validationFailures.batchId, batchId)).orderBy(asc(validationFailures.receivedAt)).all();
}
