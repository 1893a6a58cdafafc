import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { PhaseName, PhaseStatus } from "@shared/contracts/enums.ts";
import type { RunStatus } from "../domain/run-status.ts";
import { essayFailures, essays, pipelinePhases, pipelineRuns } from "./schema.ts";

export type RunRecord = typeof pipelineRuns.$inferSelect;
export type NewRun = typeof pipelineRuns.$inferInsert;
export type PhaseRecord = typeof pipelinePhases.$inferSelect;

export interface NewPhase {
  phase: PhaseName;
  status: PhaseStatus;
  dependsOn: PhaseName[];
  startedAt?: string | null;
}

/** Store a resolved run with its phases in order. */
export function insertRun(db: DbOrTx, run: NewRun, phases: readonly NewPhase[]): void {
  db.insert(pipelineRuns).values(run).run();
  if (phases.length > 0) {
    db.insert(pipelinePhases).values(phases.map((p, position) => ({ runId: run.runId, position, ...p }))).run();
  }
}

export function findRun(db: DbOrTx, runId: string): RunRecord | undefined {
  return db.select().from(pipelineRuns).where(eq(pipelineRuns.runId, runId)).get();
}

export function runsForBatch(db: DbOrTx, batchId: string): RunRecord[] {
  return db.select().from(pipelineRuns).where(eq(pipelineRuns.batchId, batchId)).orderBy(asc(pipelineRuns.requestedAt)).all();
}

export function phasesOfRun(db: DbOrTx, runId: string): PhaseRecord[] {
  return db.select().from(pipelinePhases).where(eq(pipelinePhases.runId, runId)).orderBy(asc(pipelinePhases.position)).all();
}

export function phasesOfRuns(db: DbOrTx, runIds: readonly string[]): PhaseRecord[] {
  if (runIds.length === 0) return [];
  return db.select().from(pipelinePhases).where(inArray(pipelinePhases.runId, [...runIds])).orderBy(asc(pipelinePhases.position)).all();
}

export function updatePhase(
  db: DbOrTx,
  runId: string,
  phase: PhaseName,
  patch: Partial<Pick<PhaseRecord, "status" | "startedAt" | "completedAt" | "processedCount" | "failedCount">>,
): void {
  db.update(pipelinePhases).set(patch).where(and(eq(pipelinePhases.runId, runId), eq(pipelinePhases.phase, phase))).run();
}

export function finishRun(db: DbOrTx, runId: string, status: RunStatus, completedAt: string): void {
  db.update(pipelineRuns).set({ status, completedAt }).where(eq(pipelineRuns.runId, runId)).run();
}

export function recordEssayFailures(db: DbOrTx, runId: string, phase: PhaseName, essayIds: readonly string[], failedAt: string): void {
  if (essayIds.length === 0) return;
  db.insert(essayFailures).values(essayIds.map((essayId) => ({ runId, essayId, phase, failedAt }))).onConflictDoNothing().run();
}

/** Essays that failed in a run, in slot order. */
export function failedEssayIds(db: DbOrTx, runId: string): string[] {
  return db.select({ id: essayFailures.essayId }).from(essayFailures).innerJoin(essays, eq(essays.essayId, essayFailures.essayId))
    .where(eq(essayFailures.runId, runId)).orderBy(asc(essays.position)).all().map((r) => r.id);
}

export function failedEssaysOfRuns(db: DbOrTx, runIds: readonly string[]): { runId: string; essayId: string; phase: PhaseName }[] {
  if (runIds.length === 0) return [];
  return db.select({ runId: essayFailures.runId, essayId: essayFailures.essayId, phase: essayFailures.phase })
    .from(essayFailures).innerJoin(essays, eq(essays.essayId, essayFailures.essayId))
    .where(inArray(essayFailures.runId, [...runIds])).orderBy(asc(essays.position)).all();
}
