// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { FileUploadStatus, UploadRequestState } from "./upload-states.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** One uploaded file and its outcome; the event it implies is written to the outbox with it. */
export const fileUploads = sqliteTable(
  "file_uploads",
  {
    fileUploadId: text("file_upload_id").primaryKey(),
    batchId: text("batch_id").notNull(),
    userId: text("user_id").notNull(),
    fileName: text("file_name").notNull(),
    fileSizeBytes: integer("file_size_bytes").notNull(),
    /** Of the uploaded bytes; part of an Idempotency-Key's fingerprint. */
    rawSha256: text("raw_sha256").notNull(),
    /** Of the stored plain text (what ELS deduplicates on); only for accepted files. */
    contentSha256: text("content_sha256"),
    rawStorageId: text("raw_storage_id"),
    textStorageId: text("text_storage_id"),
    status: text("status").$type<FileUploadStatus>().notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    studentName: text("student_name"),
    studentEmail: text("student_email"),
    /** With `position`, ties the file to its place in an idempotent request. */
    idempotencyKey: text("idempotency_key"),
    position: integer("position").notNull(),
    correlationId: text("correlation_id").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    enumCheck("file_uploads_status_check", t.status, Object.values(FileUploadStatus)),
    index("file_uploads_batch_idx").on(t.batchId, t.createdAt),
    // NULL keys are distinct in SQLite, so uploads without a key never collide.
    uniqueIndex("file_uploads_request_position_uq").on(t.batchId, t.idempotencyKey, t.position),
  ],
);

/** An upload request sent with an Idempotency-Key: which file set it was and whether it runs. */
export const uploadRequests = sqliteTable(
  "upload_requests",
  {
    batchId: text("batch_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestSha256: text("request_sha256").notNull(),
    userId: text("user_id").notNull(),
    state: text("state").$type<UploadRequestState>().notNull(),
    claimedAt: text("claimed_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.idempotencyKey] }),
    enumCheck("upload_requests_state_check", t.state, Object.values(UploadRequestState)),
  ],
);
