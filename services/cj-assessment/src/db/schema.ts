// Relative imports only: drizzle-kit does not resolve the @shared alias.
import { foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { enumValues, Language } from "../../../../shared/contracts/enums.ts";
import type { CJBatchStatistics } from "../../../../shared/contracts/events/cj-results.ts";
import { BatchState } from "../domain/batch-state.ts";
import type { FinishReason } from "../domain/completion.ts";
import { ItemKind, PairStatus, RequestStatus } from "../domain/statuses.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** What completion produces, plus the retired `scores_stable` so rows written before stay valid. */
export const FINISH_REASONS = ["budget_reached", "precision_reached", "pairs_exhausted", "scores_stable"] as const satisfies readonly (FinishReason | "scores_stable")[];

/**
 * An assignment's anchor set. Assignment ids are scoped per owner: two teachers may both use
 * "essay-1" and each has their own set (an id never reveals or blocks another teacher's).
 */
export const anchorAssignments = sqliteTable(
  "anchor_assignments",
  {
    ownerUserId: text("owner_user_id").notNull(),
    assignmentId: text("assignment_id").notNull(),
    /** A named scale or `numeric_<min>_<max>`, checked by `getGradeScale` before it is stored. */
    gradeScale: text("grade_scale").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerUserId, t.assignmentId] })],
);

/** Anchor essays with known grades; their texts go inline into comparison requests. */
export const anchors = sqliteTable(
  "anchors",
  {
    ownerUserId: text("owner_user_id").notNull(),
    assignmentId: text("assignment_id").notNull(),
    anchorId: text("anchor_id").notNull(),
    grade: text("grade").notNull(),
    text: text("text").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerUserId, t.assignmentId, t.anchorId] }),
    foreignKey({ columns: [t.ownerUserId, t.assignmentId], foreignColumns: [anchorAssignments.ownerUserId, anchorAssignments.assignmentId] }),
  ],
);

/** One comparative-judgement run per ELS batch. */
export const cjBatches = sqliteTable(
  "cj_batches",
  {
    batchId: text("batch_id").primaryKey(),
    state: text("state").notNull().$type<BatchState>(),
    userId: text("user_id").notNull(),
    orgId: text("org_id"),
    assignmentId: text("assignment_id"),
    language: text("language").notNull().$type<Language>(),
    courseCode: text("course_code").notNull(),
    essayInstructions: text("essay_instructions").notNull(),
    promptText: text("prompt_text"),
    /** The scale grades are projected on (null: no projection). */
    gradeScale: text("grade_scale"),
    itemCount: integer("item_count").notNull(),
    /** `comparisonBudget(items, total budget)`: valid comparisons this batch may spend. */
    budget: integer("budget").notNull(),
    seed: integer("seed").notNull(),
    round: integer("round").notNull().default(0),
    /**
     * Pairs of the batch answered with a winner, kept with the pairs in the same transaction
     * (comparison results only): the budget check per result reads it instead of counting pairs.
     */
    answeredPairs: integer("answered_pairs").notNull().default(0),
    /** The latest fit (warm start, adaptive pairing, score change); null before the first refit. */
    fitScores: text("fit_scores", { mode: "json" }).$type<number[]>(),
    fitStandardErrors: text("fit_standard_errors", { mode: "json" }).$type<number[]>(),
    maxScoreChange: real("max_score_change"),
    /** The latest fit's expected Spearman ρ with the true order (the completion rule's input). */
    expectedRankAgreement: real("expected_rank_agreement"),
    /** Comparisons spent and reliability of the scale, written when the batch is finalised. */
    statistics: text("statistics", { mode: "json" }).$type<CJBatchStatistics>(),
    stallRecoveries: integer("stall_recoveries").notNull().default(0),
    /** Requested essays that could not take part (e.g. text not found), with why. */
    failedEssays: text("failed_essays", { mode: "json" }).notNull().$type<{ essay_id: string; reason: string }[]>(),
    finishReason: text("finish_reason").$type<(typeof FINISH_REASONS)[number]>(),
    comparisonsMade: integer("comparisons_made"),
    correlationId: text("correlation_id").notNull(),
    createdAt: text("created_at").notNull(),
    lastActivityAt: text("last_activity_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [
    enumCheck("cj_batches_state_check", t.state, enumValues(BatchState)),
    enumCheck("cj_batches_language_check", t.language, enumValues(Language)),
    enumCheck("cj_batches_finish_reason_check", t.finishReason, FINISH_REASONS),
    index("cj_batches_state_activity_idx").on(t.state, t.lastActivityAt),
  ],
);

/** The compared items of a batch, indexed 0..n−1 as in the fit. Texts are snapshots. */
export const cjItems = sqliteTable(
  "cj_items",
  {
    batchId: text("batch_id").notNull().references(() => cjBatches.batchId),
    itemIndex: integer("item_index").notNull(),
    kind: text("kind").notNull().$type<ItemKind>(),
    /** essay_id for essays, anchor_id for anchors. */
    refId: text("ref_id").notNull(),
    grade: text("grade"),
    text: text("text").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.itemIndex] }),
    uniqueIndex("cj_items_ref_uq").on(t.batchId, t.kind, t.refId),
    enumCheck("cj_items_kind_check", t.kind, enumValues(ItemKind)),
  ],
);

/** A planned comparison: a pair of items in a round, positions fixed (item_a is shown first). */
export const cjPairs = sqliteTable(
  "cj_pairs",
  {
    pairId: text("pair_id").primaryKey(),
    batchId: text("batch_id").notNull().references(() => cjBatches.batchId),
    round: integer("round").notNull(),
    itemA: integer("item_a").notNull(),
    itemB: integer("item_b").notNull(),
    /** min/max of the two items: a pair appears at most once per round. */
    itemLo: integer("item_lo").notNull(),
    itemHi: integer("item_hi").notNull(),
    status: text("status").notNull().$type<PairStatus>(),
    winner: integer("winner"),
    /** The judge's confidence that `winner` is the better essay (0..1), when the provider gave one. */
    confidence: real("confidence"),
    /** Requests issued after error results (first request excluded). */
    retries: integer("retries").notNull().default(0),
    currentRequestId: text("current_request_id").notNull(),
    createdAt: text("created_at").notNull(),
    answeredAt: text("answered_at"),
  },
  (t) => [
    uniqueIndex("cj_pairs_round_pair_uq").on(t.batchId, t.round, t.itemLo, t.itemHi),
    index("cj_pairs_batch_status_idx").on(t.batchId, t.status),
    enumCheck("cj_pairs_status_check", t.status, enumValues(PairStatus)),
  ],
);

/** Every LLM request sent for a pair; the request id makes each result count at most once. */
export const cjRequests = sqliteTable(
  "cj_requests",
  {
    requestId: text("request_id").primaryKey(),
    batchId: text("batch_id").notNull().references(() => cjBatches.batchId),
    pairId: text("pair_id").notNull().references(() => cjPairs.pairId),
    status: text("status").notNull().$type<RequestStatus>(),
    errorCode: text("error_code"),
    issuedAt: text("issued_at").notNull(),
    answeredAt: text("answered_at"),
  },
  (t) => [index("cj_requests_pair_idx").on(t.pairId), enumCheck("cj_requests_status_check", t.status, enumValues(RequestStatus))],
);

/**
 * The owner cancelled a pipeline while CJ ran (or was about to run) for the batch: its rows are
 * erased, and a request sent before `cancelled_at` but delivered later is ignored.
 */
export const cjCancellations = sqliteTable("cj_cancellations", {
  batchId: text("batch_id").primaryKey(),
  cancelledAt: text("cancelled_at").notNull(),
  /** Valid comparisons answered before the cancellation, the only ones charged. */
  comparisonsCharged: integer("comparisons_charged").notNull(),
});
