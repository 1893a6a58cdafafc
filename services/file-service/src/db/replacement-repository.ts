import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { fileUploads } from "./schema.ts";
import { FileUploadStatus } from "./upload-states.ts";
import type { FileUploadRecord } from "./upload-repository.ts";

export function findUpload(db: DbOrTx, fileUploadId: string): FileUploadRecord | undefined {
  return db.select().from(fileUploads).where(eq(fileUploads.fileUploadId, fileUploadId)).get();
}

/** Another accepted upload of the batch whose text has this sha256 (ELS gives each text one slot). */
export function acceptedUploadWithContent(db: DbOrTx, batchId: string, contentSha256: string, exceptId: string): FileUploadRecord | undefined {
  return db.select().from(fileUploads).where(and(
    eq(fileUploads.batchId, batchId), eq(fileUploads.contentSha256, contentSha256),
    eq(fileUploads.status, FileUploadStatus.ACCEPTED), ne(fileUploads.fileUploadId, exceptId),
  )).get();
}

export interface ReplacedContent {
  fileName: string;
  fileSizeBytes: number;
  rawSha256: string;
  contentSha256: string;
  rawStorageId: string;
  textStorageId: string;
  studentName: string | null;
  studentEmail: string | null;
  correlationId: string;
}

/**
 * Point the upload at its new file, only if it is still as `seen` (compare-and-set on the last
 * update): two replacements racing for one file cannot both win. False when it changed meanwhile.
 */
export function replaceUploadContent(tx: DbOrTx, seen: FileUploadRecord, content: ReplacedContent): boolean {
  return tx.update(fileUploads).set({ ...content, updatedAt: new Date().toISOString() })
    .where(and(eq(fileUploads.fileUploadId, seen.fileUploadId), eq(fileUploads.updatedAt, seen.updatedAt), eq(fileUploads.rawSha256, seen.rawSha256)))
    .returning({ id: fileUploads.fileUploadId }).all().length > 0;
}
