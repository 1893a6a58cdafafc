import { and, asc, eq, sql } from "drizzle-orm";
import type { PhaseName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { supersedes } from "../domain/event-order.ts";
import type { CorrectionView, NlpMetricsView, ResultStatus } from "../domain/view-types.ts";
import { essayFailures, essayViews } from "./schema.ts";
import type { StructuredFeedback } from "@shared/contracts/feedback.ts";

export type EssayViewRow = typeof essayViews.$inferSelect;
export type EssayFailureRow = typeof essayFailures.$inferSelect;
type EssayValues = Partial<Omit<EssayViewRow, "batchId" | "essayId" | "updatedAt">>;

export function findEssayView(db: DbOrTx, batchId: string, essayId: string): EssayViewRow | undefined {
  return db.select().from(essayViews).where(and(eq(essayViews.batchId, batchId), eq(essayViews.essayId, essayId))).get();
}

/** Essays in slot order; essays first seen in a result come last. */
export function listEssayViews(db: DbOrTx, batchId: string): EssayViewRow[] {
  return db.select().from(essayViews).where(eq(essayViews.batchId, batchId))
    .orderBy(sql`${essayViews.position} IS NULL`, asc(essayViews.position), asc(essayViews.essayId)).all();
}

export function listEssayFailures(db: DbOrTx, batchId: string): EssayFailureRow[] {
  return db.select().from(essayFailures).where(eq(essayFailures.batchId, batchId)).orderBy(asc(essayFailures.failedAt)).all();
}

/** Create the essay row if needed and set the given fields. */
export function upsertEssay(tx: DbOrTx, batchId: string, essayId: string, values: EssayValues, now: string): void {
  const set = { ...values, updatedAt: now };
  if (Object.keys(values).length === 0) {
    tx.insert(essayViews).values({ batchId, essayId, updatedAt: now }).onConflictDoNothing().run();
    return;
  }
  tx.insert(essayViews).values({ batchId, essayId, ...set })
    .onConflictDoUpdate({ target: [essayViews.batchId, essayViews.essayId], set }).run();
}

/** Fill fields only where the view has nothing yet (e.g. the original text id). */
export function fillEssayGaps(tx: DbOrTx, batchId: string, essayId: string, values: EssayValues, now: string): void {
  const existing = findEssayView(tx, batchId, essayId);
  const gaps = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== undefined && (existing?.[k as keyof EssayViewRow] ?? null) === null));
  upsertEssay(tx, batchId, essayId, gaps as EssayValues, now);
}

export interface SpellcheckFacts {
  status: ResultStatus;
  corrections: CorrectionView[];
  correctionCount: number;
  correctedTextStorageId: string | null;
  wordCount: number;
}

/** Each phase result replaces an older one of the same phase, never a newer one. */
export function recordSpellcheck(tx: DbOrTx, batchId: string, essayId: string, facts: SpellcheckFacts, at: string, now: string): boolean {
  if (!supersedes(at, findEssayView(tx, batchId, essayId)?.spellcheckAt)) return false;
  upsertEssay(tx, batchId, essayId, {
    spellcheckStatus: facts.status, corrections: facts.corrections, correctionCount: facts.correctionCount,
    correctedTextStorageId: facts.correctedTextStorageId, spellcheckWordCount: facts.wordCount, spellcheckAt: at,
  }, now);
  return true;
}

export function recordNlp(
  tx: DbOrTx, batchId: string, essayId: string, facts: { status: ResultStatus; metrics: NlpMetricsView | null; metricsStorageId: string | null }, at: string, now: string,
): boolean {
  if (!supersedes(at, findEssayView(tx, batchId, essayId)?.nlpAt)) return false;
  upsertEssay(tx, batchId, essayId, { nlpStatus: facts.status, nlpMetrics: facts.metrics, nlpMetricsStorageId: facts.metricsStorageId, nlpAt: at }, now);
  return true;
}

export function recordAiFeedback(
  tx: DbOrTx, batchId: string, essayId: string,
  facts: { status: ResultStatus; feedbackStorageId: string | null; preview: string | null; provider: string | null; structured: StructuredFeedback | null },
  at: string, now: string,
): boolean {
  if (!supersedes(at, findEssayView(tx, batchId, essayId)?.aiFeedbackAt)) return false;
  upsertEssay(tx, batchId, essayId, {
    aiFeedbackStatus: facts.status, aiFeedbackStorageId: facts.feedbackStorageId, aiFeedbackPreview: facts.preview,
    aiFeedbackProvider: facts.provider, aiFeedbackStructured: facts.structured, aiFeedbackAt: at,
  }, now);
  return true;
}

export interface CjEssayFacts {
  rank: number;
  score: number;
  standardError: number;
  grade: string | null;
  gradeProbabilities: Record<string, number>;
  gradeUncertain: boolean | null;
}

export function recordCjResult(tx: DbOrTx, batchId: string, essayId: string, facts: CjEssayFacts, at: string, now: string): boolean {
  if (!supersedes(at, findEssayView(tx, batchId, essayId)?.cjAt)) return false;
  upsertEssay(tx, batchId, essayId, {
    cjRank: facts.rank, cjScore: facts.score, cjStandardError: facts.standardError, cjGrade: facts.grade,
    cjGradeProbabilities: facts.gradeProbabilities, cjGradeUncertain: facts.gradeUncertain, cjAt: at,
  }, now);
  return true;
}

export interface FailureFacts {
  phase: PhaseName;
  errorCode: string;
  message: string;
}

/**
 * Record why an essay failed a phase. `detailed` failures (from the phase service) replace the
 * generic one a phase outcome records; a generic one never replaces a detailed one.
 */
export function recordFailure(tx: DbOrTx, batchId: string, essayId: string, failure: FailureFacts, at: string, options: { detailed: boolean }): void {
  const row = { batchId, essayId, phase: failure.phase, errorCode: failure.errorCode, message: failure.message, failedAt: at };
  const insert = tx.insert(essayFailures).values(row);
  if (options.detailed) {
    insert.onConflictDoUpdate({
      target: [essayFailures.batchId, essayFailures.essayId, essayFailures.phase],
      set: { errorCode: row.errorCode, message: row.message, failedAt: at },
    }).run();
  } else {
    insert.onConflictDoNothing().run();
  }
}

/** A later success of the phase clears its failure. */
export function clearFailure(tx: DbOrTx, batchId: string, essayId: string, phase: PhaseName): void {
  tx.delete(essayFailures).where(and(eq(essayFailures.batchId, batchId), eq(essayFailures.essayId, essayId), eq(essayFailures.phase, phase))).run();
}

export function countEssayViews(db: DbOrTx, batchId: string): number {
  return db.select({ n: sql<number>`count(*)` }).from(essayViews).where(eq(essayViews.batchId, batchId)).get()?.n ?? 0;
}
