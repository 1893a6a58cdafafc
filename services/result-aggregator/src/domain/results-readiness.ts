import { BatchStatus, PhaseStatus, type PhaseName, type PipelineName } from "@shared/contracts/enums.ts";

/** What the view knows of one phase's latest run. */
export interface PhaseReadinessFacts {
  phase: PhaseName;
  pipeline: PipelineName | null;
  status: PhaseStatus;
  /** Null until ELS's phase outcome is stored. */
  processedEssayIds: string[] | null;
  /** When every result of the run was stored (the run's `results_ready`). */
  resultsReadyAt: string | null;
}

export interface FinishedPipeline {
  pipeline: PipelineName;
  completedPhases: readonly PhaseName[];
}

export interface ResultsReadiness {
  complete: boolean;
  pending_phases: PhaseName[];
}

/**
 * Phases of the last finished pipeline whose results are not all stored yet. BOS's completion, ELS's
 * outcomes and the results themselves arrive on different streams, so "completed" can be heard first.
 * A phase is pending when its run is unknown, its outcome is missing, or its results are not all in.
 * @example pendingResultPhases({ pipeline: "cj_assessment", completedPhases: ["cj_assessment"] }, []) // ["cj_assessment"]
 */
export function pendingResultPhases(last: FinishedPipeline | null, phases: readonly PhaseReadinessFacts[]): PhaseName[] {
  if (!last) return [];
  const byPhase = new Map(phases.map((p) => [p.phase, p]));
  const pending = new Set<PhaseName>();
  for (const phase of last.completedPhases) {
    const run = byPhase.get(phase);
    // A row seeded from BOS (completed, no outcome details) cannot be checked and counts as stored.
    const outcomeMissing = run !== undefined && run.status === PhaseStatus.IN_PROGRESS && run.processedEssayIds === null;
    const resultsMissing = run !== undefined && run.processedEssayIds !== null && run.resultsReadyAt === null;
    if (!run || outcomeMissing || resultsMissing) pending.add(phase);
  }
  for (const run of phases) {
    if (run.pipeline === last.pipeline && run.processedEssayIds !== null && run.resultsReadyAt === null) pending.add(run.phase);
  }
  return [...pending].sort((a, b) => ORDER[a] - ORDER[b]);
}

const ORDER: Record<PhaseName, number> = { spellcheck: 0, nlp: 1, cj_assessment: 2, ai_feedback: 3 };

const FINISHED: ReadonlySet<BatchStatus> = new Set([BatchStatus.COMPLETED_SUCCESSFULLY, BatchStatus.COMPLETED_WITH_FAILURES, BatchStatus.FAILED_CRITICALLY]);

/** The status a view shows: a finished status only once its results can be read. */
export function shownBatchStatus(status: BatchStatus, pending: readonly PhaseName[]): BatchStatus {
  return FINISHED.has(status) && pending.length > 0 ? BatchStatus.PROCESSING_PIPELINES : status;
}
