import { PhaseStatus, type PhaseOutcomeStatus } from "@shared/contracts/enums.ts";

/** The timestamp a seeded or unknown value carries, so that any real event replaces it. */
export const BEGINNING_OF_TIME = "1970-01-01T00:00:00.000Z";

/**
 * Streams are read independently, so an older event can arrive after a newer one: a value is
 * replaced only by an event at least as recent as the one that set it (ties: the later delivery).
 */
export function supersedes(candidateAt: string, currentAt: string | null | undefined): boolean {
  if (!currentAt) return true;
  return Date.parse(candidateAt) >= Date.parse(currentAt);
}

/** The latest of some ISO timestamps, or undefined when none is given. */
export function latestOf(timestamps: readonly (string | null | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const t of timestamps) {
    if (t && !Number.isNaN(Date.parse(t)) && (!best || Date.parse(t) > Date.parse(best))) best = t;
  }
  return best;
}

/** A batch phase outcome as the phase's status in the view. */
export function phaseStatusForOutcome(outcome: PhaseOutcomeStatus): PhaseStatus {
  return outcome === "FAILED_CRITICALLY" ? PhaseStatus.FAILED : outcome;
}

/** Milliseconds between start and end, when both are known and ordered. */
export function durationMs(startedAt: string | null, completedAt: string | null): number | null {
  if (!startedAt || !completedAt) return null;
  const ms = Date.parse(completedAt) - Date.parse(startedAt);
  return Number.isNaN(ms) || ms < 0 ? null : ms;
}
