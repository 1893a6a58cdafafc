// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";

export const ERASURE_REASONS = ["owner_request", "retention"] as const;

/**
 * A batch being (or having been) erased: the batch's own rows are gone, this keeps only ids so
 * progress can be tracked and the owner told. No names, file names or texts.
 */
export const batchErasures = sqliteTable(
  "batch_erasures",
  {
    batchId: text("batch_id").primaryKey(),
    userId: text("user_id").notNull(),
    reason: text("reason").$type<(typeof ERASURE_REASONS)[number]>().notNull(),
    essayIds: text("essay_ids", { mode: "json" }).$type<string[]>().notNull(),
    participants: text("participants", { mode: "json" }).$type<string[]>().notNull(),
    completedServices: text("completed_services", { mode: "json" }).$type<string[]>().notNull(),
    correlationId: text("correlation_id").notNull(),
    requestedAt: text("requested_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [enumCheck("batch_erasures_reason_check", t.reason, ERASURE_REASONS), index("batch_erasures_user_idx").on(t.userId)],
);

/** When the owner was told that the retention policy will erase a batch (once per batch). */
export const retentionNotices = sqliteTable("retention_notices", {
  batchId: text("batch_id").primaryKey(),
  userId: text("user_id").notNull(),
  eraseAfter: text("erase_after").notNull(),
  noticedAt: text("noticed_at").notNull(),
});
