import { ErrorCode } from "@shared/contracts/errors.ts";
import { PhaseName } from "@shared/contracts/enums.ts";

/** How long each kind of phase run may wait for its results. */
export interface PhaseTimeouts {
  /** spellcheck, nlp, ai_feedback: one request per essay. */
  essaySeconds: number;
  /** cj_assessment: one request judged for the whole batch. */
  cjSeconds: number;
}

export function phaseTimeoutSeconds(phase: PhaseName, timeouts: PhaseTimeouts): number {
  return phase === PhaseName.CJ_ASSESSMENT ? timeouts.cjSeconds : timeouts.essaySeconds;
}

/**
 * When a run opened at `startedAt` stops waiting (ISO timestamp, comparable as a string).
 * @example phaseDeadline(PhaseName.NLP, "2025-01-01T00:00:00.000Z", { essaySeconds: 900, cjSeconds: 3600 }) // "2025-01-01T00:15:00.000Z"
 */
export function phaseDeadline(phase: PhaseName, startedAt: string, timeouts: PhaseTimeouts): string {
  return new Date(Date.parse(startedAt) + phaseTimeoutSeconds(phase, timeouts) * 1000).toISOString();
}

/**
 * Whether a run is past its deadline at `now`. A run recorded before runs had deadlines gets one
 * from its start and the current timeouts, so it cannot hang either.
 */
export function isPastDeadline(run: { phase: PhaseName; startedAt: string; deadlineAt: string | null }, now: Date, timeouts: PhaseTimeouts): boolean {
  const deadline = run.deadlineAt ?? phaseDeadline(run.phase, run.startedAt, timeouts);
  return Date.parse(deadline) <= now.getTime();
}

/** The failure code of an essay whose results never came back in time. */
export const TIMEOUT_FAILURE = ErrorCode.TIMEOUT;

/**
 * The failure code of an essay whose request was dead-lettered, from the DLQ entry's reason.
 * @example deadLetterFailureCode("max_deliveries_exceeded") // "DLQ_MAX_DELIVERIES_EXCEEDED"
 */
export function deadLetterFailureCode(reason: string | undefined): string {
  const word = (reason ?? "").trim().replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toUpperCase();
  return `DLQ_${word || "UNKNOWN"}`;
}
