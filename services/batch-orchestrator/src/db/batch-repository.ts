import { and, asc, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { BatchStatus } from "@shared/contracts/enums.ts";
import type { StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import { batches, essays, provisioningFailures } from "./schema.ts";

export type BatchRecord = typeof batches.$inferSelect;
export type NewBatch = typeof batches.$inferInsert;

export interface ProvisionedEssayInput {
  essay_id: string;
  text_storage_id: string;
  original_file_name: string;
  file_upload_id: string;
  student_name?: string | null | undefined;
  student_email?: string | null | undefined;
}

export interface ProvisioningFailureInput {
  file_upload_id: string;
  original_file_name: string;
  error_code: string;
  message: string;
}

export interface EssayCounts {
  expected: number;
  provisioned: number;
  failed: number;
}

const now = () => new Date().toISOString();

/** Create the batch and one empty essay slot per generated essay id. */
export function insertBatch(db: DbOrTx, batch: NewBatch, essayIds: readonly string[]): void {
  db.insert(batches).values(batch).run();
  if (essayIds.length > 0) {
    db.insert(essays).values(essayIds.map((essayId, position) => ({ essayId, batchId: batch.batchId, position }))).run();
  }
}

export function findBatch(db: DbOrTx, batchId: string): BatchRecord | undefined {
  return db.select().from(batches).where(eq(batches.batchId, batchId)).get();
}

export function findBatchByIdempotencyKey(db: DbOrTx, userId: string, key: string): BatchRecord | undefined {
  return db.select().from(batches).where(and(eq(batches.userId, userId), eq(batches.idempotencyKey, key))).get();
}

/** A user's batches, newest first (rowid breaks ties within one millisecond). */
export function listBatchesForUser(db: DbOrTx, userId: string, page: { limit: number; offset: number; status?: BatchStatus | undefined }): BatchRecord[] {
  const { limit, offset, status } = page;
  return db.select().from(batches).where(and(eq(batches.userId, userId), status ? eq(batches.status, status) : undefined))
    .orderBy(desc(batches.createdAt), desc(sql`rowid`)).limit(limit).offset(offset).all();
}

export function setBatchStatus(db: DbOrTx, batchId: string, status: BatchStatus, activeRunId: string | null): void {
  db.update(batches).set({ status, activeRunId, updatedAt: now() }).where(eq(batches.batchId, batchId)).run();
}

export function setBatchName(db: DbOrTx, batchId: string, name: string | null): void {
  db.update(batches).set({ name, updatedAt: now() }).where(eq(batches.batchId, batchId)).run();
}

export function setStudentPromptRef(db: DbOrTx, batchId: string, ref: StorageReferenceMetadata): void {
  db.update(batches).set({ studentPromptRef: ref, updatedAt: now() }).where(eq(batches.batchId, batchId)).run();
}

export function essayIdsOf(db: DbOrTx, batchId: string): string[] {
  return db.select({ id: essays.essayId }).from(essays).where(eq(essays.batchId, batchId)).orderBy(asc(essays.position)).all().map((r) => r.id);
}

/** Fill an essay slot with its content; false when the essay id is not a slot of this batch. */
export function recordProvisionedEssay(db: DbOrTx, batchId: string, essay: ProvisionedEssayInput): boolean {
  const updated = db.update(essays).set({
    textStorageId: essay.text_storage_id,
    originalTextStorageId: essay.text_storage_id,
    fileUploadId: essay.file_upload_id,
    originalFileName: essay.original_file_name,
    studentName: essay.student_name ?? null,
    studentEmail: essay.student_email ?? null,
    provisionedAt: now(),
  }).where(and(eq(essays.essayId, essay.essay_id), eq(essays.batchId, batchId))).returning({ id: essays.essayId }).all();
  return updated.length > 0;
}

export function recordProvisioningFailure(db: DbOrTx, batchId: string, failure: ProvisioningFailureInput): void {
  db.insert(provisioningFailures).values({
    batchId, fileUploadId: failure.file_upload_id, originalFileName: failure.original_file_name,
    errorCode: failure.error_code, message: failure.message,
  }).onConflictDoNothing().run();
}

/** Essays that have content, in slot order, with the text the next phase should read. */
export function provisionedEssays(db: DbOrTx, batchId: string): EssayTextRef[] {
  return db.select({ essay_id: essays.essayId, text_storage_id: essays.textStorageId }).from(essays)
    .where(and(eq(essays.batchId, batchId), isNotNull(essays.textStorageId))).orderBy(asc(essays.position)).all()
    .map((e) => ({ essay_id: e.essay_id, text_storage_id: e.text_storage_id ?? "" }));
}

/** Point an essay at the text a phase produced (e.g. the spellchecked text). */
export function updateEssayText(db: DbOrTx, batchId: string, essayId: string, textStorageId: string): boolean {
  const updated = db.update(essays).set({ textStorageId })
    .where(and(eq(essays.essayId, essayId), eq(essays.batchId, batchId), isNotNull(essays.textStorageId)))
    .returning({ id: essays.essayId }).all();
  return updated.length > 0;
}

export function essayCounts(db: DbOrTx, batch: Pick<BatchRecord, "batchId" | "expectedEssayCount">): EssayCounts {
  const provisioned = db.select({ n: count() }).from(essays)
    .where(and(eq(essays.batchId, batch.batchId), isNotNull(essays.textStorageId))).get()?.n ?? 0;
  const failed = db.select({ n: count() }).from(provisioningFailures).where(eq(provisioningFailures.batchId, batch.batchId)).get()?.n ?? 0;
  return { expected: batch.expectedEssayCount, provisioned, failed };
}
