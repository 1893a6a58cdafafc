// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { enumValues } from "../../../../shared/contracts/enums.ts";
import { FeedbackRequestStatus } from "../domain/feedback-status.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

export interface Correction {
  original: string;
  replacement: string;
  /** Where `original` stood in the uncorrected text (absent in rows stored before offsets were kept). */
  offset?: number;
}

/** The latest spellcheck result per essay (from EssaySpellcheckCompleted). */
export const essayCorrections = sqliteTable("essay_corrections", {
  essayId: text("essay_id").primaryKey(),
  batchId: text("batch_id").notNull(),
  corrections: text("corrections", { mode: "json" }).$type<Correction[]>().notNull(),
  correctionCount: integer("correction_count").notNull(),
  /** Timestamp of the event this row came from; an older event never overwrites a newer one. */
  observedAt: text("observed_at").notNull(),
});

/** The latest NLP metrics per essay (from EssayNlpCompleted), numeric values only. */
export const essayMetrics = sqliteTable("essay_metrics", {
  essayId: text("essay_id").primaryKey(),
  batchId: text("batch_id").notNull(),
  metrics: text("metrics", { mode: "json" }).$type<Record<string, number>>().notNull(),
  /** The NLP phase's grammar check (JSON content, shared/contracts/grammar.ts); null when none ran. Erased with the batch. */
  grammarStorageId: text("grammar_storage_id"),
  observedAt: text("observed_at").notNull(),
});

/**
 * Where the batch's latest comparative judgement placed each essay (from AssessmentResultPublished):
 * rank 1 is the best of `ranked_essays`; `score_z` is its Bradley–Terry score in SDs of the batch's.
 */
export const essayCjPositions = sqliteTable("essay_cj_positions", {
  essayId: text("essay_id").primaryKey(),
  batchId: text("batch_id").notNull(),
  rank: integer("rank").notNull(),
  rankedEssays: integer("ranked_essays").notNull(),
  scoreZ: real("score_z"),
  observedAt: text("observed_at").notNull(),
});

/** One row per essay feedback request sent to LPS; its result settles it exactly once. */
export const feedbackRequests = sqliteTable(
  "feedback_requests",
  {
    requestId: text("request_id").primaryKey(),
    /** The EssayAIFeedbackRequested event that caused it. */
    requestEventId: text("request_event_id").notNull().unique(),
    batchId: text("batch_id").notNull(),
    essayId: text("essay_id").notNull(),
    textStorageId: text("text_storage_id").notNull(),
    userId: text("user_id"),
    correlationId: text("correlation_id").notNull(),
    status: text("status").$type<FeedbackRequestStatus>().notNull(),
    provider: text("provider"),
    feedbackStorageId: text("feedback_storage_id"),
    /** The structured feedback as JSON content (it quotes the essay, so it is erased with it). */
    feedbackJsonStorageId: text("feedback_json_storage_id"),
    errorCode: text("error_code"),
    requestedAt: text("requested_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [
    index("feedback_requests_essay_idx").on(t.essayId),
    enumCheck("feedback_requests_status_check", t.status, enumValues(FeedbackRequestStatus)),
  ],
);

/** The owner cancelled a pipeline with the feedback phase running: requests from before `cancelled_at` are dropped. */
export const feedbackCancellations = sqliteTable("feedback_cancellations", {
  batchId: text("batch_id").primaryKey(),
  cancelledAt: text("cancelled_at").notNull(),
});
