import { and, asc, eq, isNull } from "drizzle-orm";
import { PhaseStatus, type PhaseName, type PipelineName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { supersedes } from "../domain/event-order.ts";
import { phaseViews } from "./schema.ts";

export type PhaseViewRow = typeof phaseViews.$inferSelect;

const PHASE_ORDER: Record<PhaseName, number> = { spellcheck: 0, nlp: 1, cj_assessment: 2, ai_feedback: 3 };

export function findPhaseView(db: DbOrTx, batchId: string, phase: PhaseName): PhaseViewRow | undefined {
  return db.select().from(phaseViews).where(and(eq(phaseViews.batchId, batchId), eq(phaseViews.phase, phase))).get();
}

/** A batch's phases in pipeline order (the order phases depend on each other). */
export function listPhaseViews(db: DbOrTx, batchId: string): PhaseViewRow[] {
  return db.select().from(phaseViews).where(eq(phaseViews.batchId, batchId)).orderBy(asc(phaseViews.phase)).all()
    .sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase]);
}

/** A new run of the phase started; an older command (replayed late) changes nothing. */
export function startPhase(tx: DbOrTx, batchId: string, run: { phase: PhaseName; pipeline: PipelineName; essayCount: number }, at: string): boolean {
  const existing = findPhaseView(tx, batchId, run.phase);
  if (existing && !supersedes(at, existing.statusAt)) return false;
  const values = {
    pipeline: run.pipeline, status: PhaseStatus.IN_PROGRESS, statusAt: at, startedAt: at, completedAt: null,
    essayCount: run.essayCount, processedCount: null, failedCount: null, failedEssayIds: null, processedEssayIds: null, resultsReadyAt: null,
  };
  tx.insert(phaseViews).values({ batchId, phase: run.phase, ...values })
    .onConflictDoUpdate({ target: [phaseViews.batchId, phaseViews.phase], set: values }).run();
  return true;
}

export interface PhaseOutcomeFacts {
  phase: PhaseName;
  status: PhaseStatus;
  processedEssayIds: string[];
  failedEssayIds: string[];
}

/** The phase finished for the whole batch. Returns false for an outcome older than what the view shows. */
export function completePhase(tx: DbOrTx, batchId: string, outcome: PhaseOutcomeFacts, at: string): boolean {
  const existing = findPhaseView(tx, batchId, outcome.phase);
  if (existing && !supersedes(at, existing.statusAt)) return false;
  const values = {
    status: outcome.status, statusAt: at, completedAt: at, processedCount: outcome.processedEssayIds.length,
    failedCount: outcome.failedEssayIds.length, failedEssayIds: outcome.failedEssayIds, processedEssayIds: outcome.processedEssayIds,
    resultsReadyAt: null,
  };
  tx.insert(phaseViews).values({ batchId, phase: outcome.phase, ...values })
    .onConflictDoUpdate({ target: [phaseViews.batchId, phaseViews.phase], set: values }).run();
  return true;
}

/** A per-essay result shows the phase runs even when its start was not seen. */
export function notePhaseActivity(tx: DbOrTx, batchId: string, phase: PhaseName, at: string): void {
  tx.insert(phaseViews).values({ batchId, phase, status: PhaseStatus.IN_PROGRESS, statusAt: at, startedAt: at })
    .onConflictDoNothing().run();
}

/** Claim the run's one `results_ready`; false when it already went out. */
export function markResultsReady(tx: DbOrTx, batchId: string, phase: PhaseName, now: string): boolean {
  const updated = tx.update(phaseViews).set({ resultsReadyAt: now })
    .where(and(eq(phaseViews.batchId, batchId), eq(phaseViews.phase, phase), isNull(phaseViews.resultsReadyAt)))
    .returning({ phase: phaseViews.phase }).all();
  return updated.length > 0;
}
