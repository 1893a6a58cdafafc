// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
// The one place the content tables are defined, for both dialects side by side; the drift test
// (test/schema-drift.test.ts) fails when the two definitions or their migrations disagree.
import { integer as pgInteger, pgTable, text as pgText } from "drizzle-orm/pg-core";
import { blob, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bytea } from "../../../../shared/db/pg-types.ts";

/** Immutable content blobs; a row is never updated after insert, only erased with its batch. */
export const contents = sqliteTable("contents", {
  storageId: text("storage_id").primaryKey(),
  sha256: text("sha256").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  mediaType: text("media_type").notNull(),
  body: blob("body", { mode: "buffer" }).notNull(),
  createdAt: text("created_at").notNull(),
});

/** `contents` on PostgreSQL. */
export const contentsPg = pgTable("contents", {
  storageId: pgText("storage_id").primaryKey(),
  sha256: pgText("sha256").notNull(),
  sizeBytes: pgInteger("size_bytes").notNull(),
  mediaType: pgText("media_type").notNull(),
  body: bytea("body").notNull(),
  createdAt: pgText("created_at").notNull(),
});
