import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { BatchNorms } from "@shared/contracts/feedback.ts";
import { batchNormsOf, batchSignalsOf } from "@shared/text-analysis/batch-signals.ts";
import type { EssayContext } from "../domain/feedback-request.ts";
import { essayCjPositions, essayCorrections, essayMetrics, type Correction } from "./schema.ts";

/** Keep the essay's corrections unless a newer result is already stored. */
export function recordCorrections(
  db: DbOrTx, row: { essayId: string; batchId: string; corrections: Correction[]; correctionCount: number; observedAt: string },
): void {
  db.insert(essayCorrections).values(row).onConflictDoUpdate({
    target: essayCorrections.essayId,
    set: { batchId: row.batchId, corrections: row.corrections, correctionCount: row.correctionCount, observedAt: row.observedAt },
    setWhere: sql`excluded.observed_at >= ${essayCorrections.observedAt}`,
  }).run();
}

/** Keep the essay's metrics unless newer ones are already stored. */
export function recordMetrics(
  db: DbOrTx, row: { essayId: string; batchId: string; metrics: Record<string, number>; grammarStorageId: string | null; observedAt: string },
): void {
  db.insert(essayMetrics).values(row).onConflictDoUpdate({
    target: essayMetrics.essayId,
    set: { batchId: row.batchId, metrics: row.metrics, grammarStorageId: row.grammarStorageId, observedAt: row.observedAt },
    setWhere: sql`excluded.observed_at >= ${essayMetrics.observedAt}`,
  }).run();
}

/** Keep the essay's CJ position unless a newer CJ result is already stored. */
export function recordCjPosition(
  db: DbOrTx, row: { essayId: string; batchId: string; rank: number; rankedEssays: number; scoreZ: number | null; observedAt: string },
): void {
  db.insert(essayCjPositions).values(row).onConflictDoUpdate({
    target: essayCjPositions.essayId,
    set: { batchId: row.batchId, rank: row.rank, rankedEssays: row.rankedEssays, scoreZ: row.scoreZ, observedAt: row.observedAt },
    setWhere: sql`excluded.observed_at >= ${essayCjPositions.observedAt}`,
  }).run();
}

/** What spellcheck and NLP reported for the essay, and the norms of its batch; empty where they have not (yet). */
export function essayContext(db: DbOrTx, essayId: string, batchId: string): EssayContext {
  const corrections = db.select().from(essayCorrections).where(eq(essayCorrections.essayId, essayId)).get();
  const metrics = db.select().from(essayMetrics).where(eq(essayMetrics.essayId, essayId)).get();
  const cj = db.select().from(essayCjPositions).where(eq(essayCjPositions.essayId, essayId)).get();
  return {
    corrections: corrections?.corrections ?? [],
    correctionCount: corrections?.correctionCount ?? null,
    metrics: metrics?.metrics ?? {},
    grammarStorageId: metrics?.grammarStorageId ?? null,
    batchNorms: batchNorms(db, batchId),
    // Another batch's ranking (the essay moved) says nothing about this one.
    cjPosition: cj && cj.batchId === batchId ? { rank: cj.rank, rankedEssays: cj.rankedEssays, scoreZ: cj.scoreZ } : null,
  };
}

/**
 * The batch's norms of the feedback signals, over its essays with NLP metrics: the pipeline runs
 * feedback after NLP for the whole batch, so by then every essay is in.
 */
export function batchNorms(db: DbOrTx, batchId: string): BatchNorms {
  const metrics = db.select().from(essayMetrics).where(eq(essayMetrics.batchId, batchId)).all();
  const counts = new Map(
    db.select({ essayId: essayCorrections.essayId, count: essayCorrections.correctionCount }).from(essayCorrections)
      .where(eq(essayCorrections.batchId, batchId)).all().map((r) => [r.essayId, r.count]),
  );
  return batchNormsOf(metrics.map((m) => batchSignalsOf(m.metrics, counts.get(m.essayId) ?? null)));
}
