import { eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { fileUploads, uploadRequests } from "./schema.ts";

/** The raw files and extracted texts the service stored for the batch (accepted or not). */
export function uploadStorageIds(db: DbOrTx, batchId: string): string[] {
  const ids: (string | null)[] = [];
  for (const u of db.select({ raw: fileUploads.rawStorageId, text: fileUploads.textStorageId }).from(fileUploads).where(eq(fileUploads.batchId, batchId)).all()) {
    ids.push(u.raw, u.text);
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** Delete the batch's upload records and idempotent request claims; rows deleted. */
export function eraseUploads(tx: DbOrTx, batchId: string): number {
  const files = tx.delete(fileUploads).where(eq(fileUploads.batchId, batchId)).returning({ id: fileUploads.fileUploadId }).all().length;
  const requests = tx.delete(uploadRequests).where(eq(uploadRequests.batchId, batchId)).returning({ id: uploadRequests.batchId }).all().length;
  return files + requests;
}

/** One upload's stored blobs (raw file, extracted text). */
export function uploadBlobIds(db: DbOrTx, fileUploadId: string): string[] {
  const u = db.select({ raw: fileUploads.rawStorageId, text: fileUploads.textStorageId }).from(fileUploads).where(eq(fileUploads.fileUploadId, fileUploadId)).get();
  return u ? [u.raw, u.text].filter((id): id is string => id !== null) : [];
}

/** Delete one upload record (the teacher removed its essay); rows deleted. */
export function eraseUpload(tx: DbOrTx, fileUploadId: string): number {
  return tx.delete(fileUploads).where(eq(fileUploads.fileUploadId, fileUploadId)).returning({ id: fileUploads.fileUploadId }).all().length;
}
