import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { PhaseName } from "@shared/contracts/enums.ts";
import type { PhaseResultRefs } from "@shared/contracts/events/phase-outcome.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { RunEssayState } from "../domain/phase-outcome.ts";
import { phaseRunEssays, phaseRuns } from "./schema.ts";
import { PhaseRunEssayStatus, PhaseRunStatus } from "./statuses.ts";

// Phase runs: which essays a phase command covered and how each ended.

const now = () => new Date().toISOString();

export interface RunEssayInput {
  essayId: string;
  inputTextStorageId: string;
  /** The event id of the request fanned out for it; absent when it was not sent. */
  requestEventId?: string;
  /** Essays that could not enter the phase are recorded as failed from the start. */
  failureReason?: string;
}

/** Open a run; false when a run of this phase is already in progress for the batch (partial unique index). */
export function openPhaseRun(
  tx: DbOrTx,
  run: { runId: string; batchId: string; phase: PhaseName; commandEventId: string; correlationId: string; startedAt: string; deadlineAt: string },
  essays: readonly RunEssayInput[],
): boolean {
  const at = run.startedAt;
  const inserted = tx
    .insert(phaseRuns)
    .values({ ...run, status: PhaseRunStatus.IN_PROGRESS })
    .onConflictDoNothing()
    .returning({ runId: phaseRuns.runId })
    .all();
  if (inserted.length === 0) return false;
  if (essays.length > 0) {
    tx.insert(phaseRunEssays)
      .values(essays.map((e) => ({
        runId: run.runId, essayId: e.essayId, inputTextStorageId: e.inputTextStorageId, requestEventId: e.requestEventId ?? null,
        status: e.failureReason ? PhaseRunEssayStatus.FAILED : PhaseRunEssayStatus.PENDING,
        failureReason: e.failureReason ?? null, finishedAt: e.failureReason ? at : null,
      })))
      .onConflictDoNothing()
      .run();
  }
  return true;
}

export function findActiveRun(tx: DbOrTx, batchId: string, phase: PhaseName) {
  return tx
    .select()
    .from(phaseRuns)
    .where(and(eq(phaseRuns.batchId, batchId), eq(phaseRuns.phase, phase), eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS)))
    .get();
}

export function findRun(tx: DbOrTx, runId: string) {
  return tx.select().from(phaseRuns).where(eq(phaseRuns.runId, runId)).get();
}

/** Runs in progress whose deadline is due at `at`, plus any without a deadline (opened before deadlines existed). */
export function dueRunCandidates(tx: DbOrTx, at: string) {
  return tx
    .select()
    .from(phaseRuns)
    .where(and(eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS), or(isNull(phaseRuns.deadlineAt), lte(phaseRuns.deadlineAt, at))))
    .all();
}

/** The pending essays, in runs still in progress, that a request with this event id was sent for. */
export function pendingEssaysOfRequest(tx: DbOrTx, requestEventId: string) {
  return tx
    .select({ runId: phaseRuns.runId, batchId: phaseRuns.batchId, phase: phaseRuns.phase, correlationId: phaseRuns.correlationId, essayId: phaseRunEssays.essayId })
    .from(phaseRunEssays)
    .innerJoin(phaseRuns, eq(phaseRuns.runId, phaseRunEssays.runId))
    .where(and(
      eq(phaseRunEssays.requestEventId, requestEventId),
      eq(phaseRunEssays.status, PhaseRunEssayStatus.PENDING),
      eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS),
    ))
    .orderBy(sql`${phaseRunEssays}.rowid`)
    .all();
}

export function findRunEssay(tx: DbOrTx, runId: string, essayId: string) {
  return tx.select().from(phaseRunEssays).where(and(eq(phaseRunEssays.runId, runId), eq(phaseRunEssays.essayId, essayId))).get();
}

/** Record an essay's result once: only a pending row changes, so repeats and late results count nothing. */
export function finishRunEssay(
  tx: DbOrTx, runId: string, essayId: string,
  result: { status: "success" | "failed"; resultTextStorageId?: string | null; resultRefs?: PhaseResultRefs | null; failureReason?: string | null },
): boolean {
  const updated = tx
    .update(phaseRunEssays)
    .set({
      status: result.status, resultTextStorageId: result.resultTextStorageId ?? null, resultRefs: result.resultRefs ?? null,
      failureReason: result.failureReason ?? null, finishedAt: now(),
    })
    .where(and(eq(phaseRunEssays.runId, runId), eq(phaseRunEssays.essayId, essayId), eq(phaseRunEssays.status, PhaseRunEssayStatus.PENDING)))
    .returning({ essayId: phaseRunEssays.essayId })
    .all();
  return updated.length > 0;
}

/**
 * Whether any essay of the run is still pending: asked on every result before the run's states are
 * read, since reading them (result refs with up to 200 corrections each) for every result made
 * a phase of n essays cost O(n²) JSON rows.
 */
export function hasPendingEssays(tx: DbOrTx, runId: string): boolean {
  return tx.select({ one: sql<number>`1` }).from(phaseRunEssays)
    .where(and(eq(phaseRunEssays.runId, runId), eq(phaseRunEssays.status, PhaseRunEssayStatus.PENDING)))
    .limit(1).get() !== undefined;
}

/** Each essay's standing in the run, with the text it carries out of the phase and where its results are. */
export function runEssayStates(tx: DbOrTx, runId: string): RunEssayState[] {
  return tx
    .select()
    .from(phaseRunEssays)
    .where(eq(phaseRunEssays.runId, runId))
    .orderBy(sql`rowid`) // command order
    .all()
    .map((r) => ({
      essay_id: r.essayId, status: r.status, text_storage_id: r.resultTextStorageId ?? r.inputTextStorageId,
      failure_reason: r.failureReason, result_refs: r.resultRefs ?? {},
    }));
}

/** The batch's runs still in progress (any phase). */
export function activeRunsOfBatch(tx: DbOrTx, batchId: string) {
  return tx.select().from(phaseRuns).where(and(eq(phaseRuns.batchId, batchId), eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS))).all();
}

/**
 * Close an in-progress run as CANCELLED and mark its pending essays cancelled; returns the essays
 * that were pending (empty, and nothing changes, when the run was already closed).
 */
export function cancelPhaseRun(tx: DbOrTx, runId: string): string[] {
  const closed = tx.update(phaseRuns).set({ status: PhaseRunStatus.CANCELLED, completedAt: now() })
    .where(and(eq(phaseRuns.runId, runId), eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS))).returning({ runId: phaseRuns.runId }).all();
  if (closed.length === 0) return [];
  return tx.update(phaseRunEssays).set({ status: PhaseRunEssayStatus.CANCELLED, failureReason: "pipeline_cancelled", finishedAt: now() })
    .where(and(eq(phaseRunEssays.runId, runId), eq(phaseRunEssays.status, PhaseRunEssayStatus.PENDING)))
    .returning({ essayId: phaseRunEssays.essayId }).all().map((r) => r.essayId);
}

/** Close a run with its outcome; false when it was already closed. */
export function closePhaseRun(tx: DbOrTx, runId: string, status: Exclude<PhaseRunStatus, "IN_PROGRESS">): { startedAt: string } | undefined {
  return tx
    .update(phaseRuns)
    .set({ status, completedAt: now() })
    .where(and(eq(phaseRuns.runId, runId), eq(phaseRuns.status, PhaseRunStatus.IN_PROGRESS)))
    .returning({ startedAt: phaseRuns.startedAt })
    .get();
}
