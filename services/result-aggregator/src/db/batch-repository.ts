import { desc, eq, sql } from "drizzle-orm";
import type { BatchStatus, Language, PhaseName, PhaseOutcomeStatus, PipelineName } from "@shared/contracts/enums.ts";
import type { ErrorCode } from "@shared/contracts/errors.ts";
import type { CJBatchStatistics } from "@shared/contracts/events/cj-results.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { supersedes } from "../domain/event-order.ts";
import type { BatchSeed } from "../domain/batch-seed.ts";
import type { AnchorView, GradeProjectionView, ProvisioningFailureView } from "../domain/view-types.ts";
import { batchViews } from "./schema.ts";

export type BatchViewRow = typeof batchViews.$inferSelect;

export function findBatchView(db: DbOrTx, batchId: string): BatchViewRow | undefined {
  return db.select().from(batchViews).where(eq(batchViews.batchId, batchId)).get();
}

export function batchViewExists(db: DbOrTx, batchId: string): boolean {
  return db.select({ id: batchViews.batchId }).from(batchViews).where(eq(batchViews.batchId, batchId)).get() !== undefined;
}

/** A user's batch views, newest first. */
export function listBatchViewsForUser(db: DbOrTx, userId: string, limit: number, offset: number): BatchViewRow[] {
  return db.select().from(batchViews).where(eq(batchViews.userId, userId))
    .orderBy(desc(batchViews.createdAt), desc(batchViews.batchId)).limit(limit).offset(offset).all();
}

export function countBatchViewsForUser(db: DbOrTx, userId: string): number {
  return db.select({ n: sql<number>`count(*)` }).from(batchViews).where(eq(batchViews.userId, userId)).get()?.n ?? 0;
}

function update(tx: DbOrTx, batchId: string, values: Partial<BatchViewRow>, now: string): void {
  tx.update(batchViews).set({ ...values, updatedAt: now }).where(eq(batchViews.batchId, batchId)).run();
}

/** Start a view from the owner an event names; a view created meanwhile is left alone. */
export function insertSeededBatch(tx: DbOrTx, seed: BatchSeed, now: string): boolean {
  const inserted = tx.insert(batchViews).values({
    batchId: seed.batchId, userId: seed.userId, orgId: seed.orgId, status: seed.status, statusAt: seed.statusAt,
    createdAt: now, updatedAt: now,
  }).onConflictDoNothing().returning({ id: batchViews.batchId }).all();
  return inserted.length > 0;
}

export interface RegistrationFacts {
  batchId: string;
  userId: string;
  orgId: string | null;
  courseCode: string;
  language: Language;
  essayInstructions: string;
  classId: string | null;
  assignmentId: string | null;
  expectedEssayCount: number;
}

/** The registration fills the batch's context; a status already set by a newer event is kept. */
export function upsertRegisteredBatch(tx: DbOrTx, facts: RegistrationFacts, at: string, now: string): void {
  const existing = findBatchView(tx, facts.batchId);
  const context = { ...facts, registeredAt: at };
  if (!existing) {
    tx.insert(batchViews).values({ ...context, status: "AWAITING_CONTENT", statusAt: at, createdAt: at, updatedAt: now }).run();
    return;
  }
  const status = supersedes(at, existing.statusAt) ? { status: "AWAITING_CONTENT" as const, statusAt: at } : {};
  update(tx, facts.batchId, { ...context, ...status, createdAt: at < existing.createdAt ? at : existing.createdAt }, now);
}

/** Returns whether the status changed the view (an older event does not). */
export function setBatchStatus(tx: DbOrTx, batch: BatchViewRow, status: BatchStatus, at: string, now: string): boolean {
  if (!supersedes(at, batch.statusAt)) return false;
  update(tx, batch.batchId, { status, statusAt: at }, now);
  return true;
}

export function setCurrentPipeline(tx: DbOrTx, batch: BatchViewRow, pipeline: PipelineName | null, at: string, now: string): void {
  if (!supersedes(at, batch.currentPipelineAt)) return;
  update(tx, batch.batchId, { currentPipeline: pipeline, currentPipelineAt: at }, now);
}

export interface DenialFacts {
  requestedPipeline: string;
  errorCode: ErrorCode;
  compatibilityIssue: string | null;
  message: string;
}

/** Keep the most recent refusal. */
export function recordDenial(tx: DbOrTx, batch: BatchViewRow, denial: DenialFacts, at: string, now: string): void {
  if (!supersedes(at, batch.deniedAt)) return;
  update(tx, batch.batchId, {
    denialRequestedPipeline: denial.requestedPipeline, denialErrorCode: denial.errorCode,
    denialCompatibilityIssue: denial.compatibilityIssue, denialMessage: denial.message, deniedAt: at,
  }, now);
}

export interface PipelineCompletionFacts {
  pipeline: PipelineName;
  finalStatus: PhaseOutcomeStatus;
  completedPhases: PhaseName[];
  failedEssayIds: string[];
}

export function recordPipelineCompleted(tx: DbOrTx, batch: BatchViewRow, facts: PipelineCompletionFacts, at: string, now: string): void {
  if (!supersedes(at, batch.lastPipelineCompletedAt)) return;
  update(tx, batch.batchId, {
    lastPipeline: facts.pipeline, lastPipelineFinalStatus: facts.finalStatus, lastPipelineCompletedPhases: facts.completedPhases,
    lastPipelineFailedEssayIds: facts.failedEssayIds, lastPipelineCompletedAt: at,
  }, now);
}

export function recordProvisioning(
  tx: DbOrTx, batchId: string, facts: { provisionedCount: number; expectedCount: number; failures: ProvisioningFailureView[] }, at: string, now: string,
): void {
  const batch = findBatchView(tx, batchId);
  if (!batch) return;
  update(tx, batchId, {
    provisionedCount: facts.provisionedCount, provisioningFailures: facts.failures, provisioningCompletedAt: at,
    expectedEssayCount: batch.expectedEssayCount ?? facts.expectedCount,
  }, now);
}

export interface CjSummaryFacts {
  gradeScale: string | null;
  comparisonsMade: number;
  finishReason: string;
  anchors: AnchorView[];
  gradeProjection: GradeProjectionView | null;
  statistics: CJBatchStatistics | null;
}

export function recordCjSummary(tx: DbOrTx, batch: BatchViewRow, facts: CjSummaryFacts, at: string, now: string): boolean {
  if (!supersedes(at, batch.cjPublishedAt)) return false;
  update(tx, batch.batchId, {
    cjGradeScale: facts.gradeScale, cjComparisonsMade: facts.comparisonsMade, cjFinishReason: facts.finishReason,
    cjAnchors: facts.anchors, cjGradeProjection: facts.gradeProjection, cjStatistics: facts.statistics, cjPublishedAt: at,
  }, now);
  return true;
}

export function touchBatch(tx: DbOrTx, batchId: string, now: string): void {
  update(tx, batchId, {}, now);
}
