import { BatchStatus, PhaseOutcomeStatus, PhaseStatus, type PhaseName } from "@shared/contracts/enums.ts";
import type { RunStatus } from "./run-status.ts";

/** A phase of the running pipeline, in run order. */
export interface RunPhase {
  phase: PhaseName;
  status: RunStatus;
}

export type PipelineFinalStatus = "COMPLETED_SUCCESSFULLY" | "COMPLETED_WITH_FAILURES" | "FAILED_CRITICALLY";

export interface PhaseOutcomeFacts {
  phase: PhaseName;
  status: PhaseOutcomeStatus;
  failedEssayCount: number;
  /** Essays still eligible for later phases once this outcome's failures are counted. */
  remainingEssays: number;
  /** Whether any essay of the run has failed so far, this outcome included. */
  runHasFailedEssays: boolean;
}

export type PhaseOutcomeDecision =
  | { kind: "ignore"; reason: "phase_not_in_run" | "phase_not_in_progress" }
  | { kind: "next_phase"; phaseStatus: PhaseStatus; next: PhaseName }
  | { kind: "finish"; phaseStatus: PhaseStatus; finalStatus: PipelineFinalStatus; skipped: PhaseName[] };

/** How a phase ended inside the pipeline state; essay failures make a "success" partial. */
export function phaseStatusForOutcome(status: PhaseOutcomeStatus, failedEssayCount: number): PhaseStatus {
  if (status === PhaseOutcomeStatus.FAILED_CRITICALLY) return PhaseStatus.FAILED;
  if (status === PhaseOutcomeStatus.COMPLETED_WITH_FAILURES || failedEssayCount > 0) return PhaseStatus.COMPLETED_WITH_FAILURES;
  return PhaseStatus.COMPLETED_SUCCESSFULLY;
}

/**
 * What a phase outcome means for the running pipeline: ignore it (stale or duplicate), start the
 * next pending phase, or finish the pipeline.
 */
export function decidePhaseOutcome(phases: readonly RunPhase[], facts: PhaseOutcomeFacts): PhaseOutcomeDecision {
  const index = phases.findIndex((p) => p.phase === facts.phase);
  if (index < 0) return { kind: "ignore", reason: "phase_not_in_run" };
  if (phases[index]?.status !== PhaseStatus.IN_PROGRESS) return { kind: "ignore", reason: "phase_not_in_progress" };
  const phaseStatus = phaseStatusForOutcome(facts.status, facts.failedEssayCount);
  const later = phases.slice(index + 1).filter((p) => p.status === PhaseStatus.PENDING).map((p) => p.phase);
  if (phaseStatus === PhaseStatus.FAILED) return { kind: "finish", phaseStatus, finalStatus: "FAILED_CRITICALLY", skipped: later };
  const next = later[0];
  if (next !== undefined && facts.remainingEssays > 0) return { kind: "next_phase", phaseStatus, next };
  const partial =
    facts.runHasFailedEssays || facts.remainingEssays === 0 || phaseStatus === PhaseStatus.COMPLETED_WITH_FAILURES ||
    phases.some((p) => p.status === PhaseStatus.COMPLETED_WITH_FAILURES);
  return { kind: "finish", phaseStatus, finalStatus: partial ? "COMPLETED_WITH_FAILURES" : "COMPLETED_SUCCESSFULLY", skipped: later };
}

/** The pipeline run's own status for a final status. */
export function runStatusFor(final: PipelineFinalStatus): PhaseStatus {
  return final === "FAILED_CRITICALLY" ? PhaseStatus.FAILED : final;
}

/** The batch status a finished pipeline leaves behind. */
export function batchStatusFor(final: PipelineFinalStatus): BatchStatus {
  return BatchStatus[final];
}

/** Phases that ran to the end (fully or partly), in run order. */
export function completedPhases(phases: readonly RunPhase[]): PhaseName[] {
  return phases
    .filter((p) => p.status === PhaseStatus.COMPLETED_SUCCESSFULLY || p.status === PhaseStatus.COMPLETED_WITH_FAILURES)
    .map((p) => p.phase);
}
