import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { EssayContext } from "../domain/feedback-request.ts";
import { essayCorrections, essayMetrics, type Correction } from "./schema.ts";

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
export function recordMetrics(db: DbOrTx, row: { essayId: string; batchId: string; metrics: Record<string, number>; observedAt: string }): void {
  db.insert(essayMetrics).values(row).onConflictDoUpdate({
    target: essayMetrics.essayId,
    set: { batchId: row.batchId, metrics: row.metrics, observedAt: row.observedAt },
    setWhere: sql`excluded.observed_at >= ${essayMetrics.observedAt}`,
  }).run();
}

/** What spellcheck and NLP reported for the essay; empty where they have not (yet). */
export function essayContext(db: DbOrTx, essayId: string): EssayContext {
  const corrections = db.select().from(essayCorrections).where(eq(essayCorrections.essayId, essayId)).get();
  const metrics = db.select().from(essayMetrics).where(eq(essayMetrics.essayId, essayId)).get();
  return {
    corrections: corrections?.corrections ?? [],
    correctionCount: corrections?.correctionCount ?? null,
    metrics: metrics?.metrics ?? {},
  };
}
