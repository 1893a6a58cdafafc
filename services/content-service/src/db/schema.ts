import { blob, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Immutable content blobs; a row is never updated after insert, only erased with its batch. */
export const contents = sqliteTable("contents", {
  storageId: text("storage_id").primaryKey(),
  sha256: text("sha256").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  mediaType: text("media_type").notNull(),
  body: blob("body", { mode: "buffer" }).notNull(),
  createdAt: text("created_at").notNull(),
});
