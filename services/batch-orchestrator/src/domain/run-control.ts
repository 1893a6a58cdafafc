import { PhaseName } from "@shared/contracts/enums.ts";
import { RunStatus } from "./run-status.ts";

/** A phase of a run as run control sees it. */
export interface ControlPhase {
  phase: PhaseName;
  status: RunStatus;
}

/** What a cancellation does to each phase of the running pipeline. */
export interface CancellationPlan {
  /** In progress: their requests are abandoned; the phase and the run end CANCELLED. */
  cancelled: PhaseName[];
  /** Not started: they end SKIPPED. */
  skipped: PhaseName[];
  /** Finished before the cancellation: their results stand. */
  completed: PhaseName[];
}

/**
 * Split the running pipeline's phases for a cancellation.
 * @example planCancellation([{ phase: "spellcheck", status: "COMPLETED_SUCCESSFULLY" }, { phase: "cj_assessment", status: "IN_PROGRESS" }])
 * // { cancelled: ["cj_assessment"], skipped: [], completed: ["spellcheck"] }
 */
export function planCancellation(phases: readonly ControlPhase[]): CancellationPlan {
  const of = (...statuses: RunStatus[]) => phases.filter((p) => statuses.includes(p.status)).map((p) => p.phase);
  return {
    cancelled: of(RunStatus.IN_PROGRESS),
    skipped: of(RunStatus.PENDING),
    completed: of(RunStatus.COMPLETED_SUCCESSFULLY, RunStatus.COMPLETED_WITH_FAILURES),
  };
}

/** CJ ranks a batch as a whole: re-ranking only the essays that failed would not mean anything. */
export const RETRYABLE_PHASES: ReadonlySet<PhaseName> = new Set([PhaseName.SPELLCHECK, PhaseName.NLP, PhaseName.AI_FEEDBACK]);

export type RetryDecision =
  | { kind: "retry"; essayIds: string[] }
  | { kind: "refuse"; reason: "phase_not_retryable" | "no_runs" | "no_failed_essays"; message: string };

/**
 * Which essays a retry of `phase` re-runs: those that failed that phase in the batch's latest run,
 * in slot order (the caller passes them so).
 */
export function decideRetry(phase: PhaseName, latestRunId: string | undefined, failures: readonly { essayId: string; phase: PhaseName }[]): RetryDecision {
  if (!RETRYABLE_PHASES.has(phase)) {
    return { kind: "refuse", reason: "phase_not_retryable", message: `${phase} ranks the whole batch and cannot be retried for single essays; request the pipeline again` };
  }
  if (latestRunId === undefined) return { kind: "refuse", reason: "no_runs", message: "No pipeline has run on this batch yet" };
  const essayIds = [...new Set(failures.filter((f) => f.phase === phase).map((f) => f.essayId))];
  if (essayIds.length === 0) return { kind: "refuse", reason: "no_failed_essays", message: `No essay failed ${phase} in the latest run` };
  return { kind: "retry", essayIds };
}

/**
 * A phase outcome emitted before the batch's last cancellation belongs to the cancelled run (or an
 * earlier one). Compared with the cancellation, not the phase start, so that clock skew between
 * hosts can only matter right around a cancellation.
 */
export function predatesCancellation(outcomeAt: string, lastCancelledAt: string | null | undefined): boolean {
  return lastCancelledAt !== null && lastCancelledAt !== undefined && Date.parse(outcomeAt) < Date.parse(lastCancelledAt);
}
