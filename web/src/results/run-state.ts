import type { BatchStatusView, BatchStatusWithControl, RetryPhase, RunCancellation } from "../api/types.ts";

/** The latest run's cancellation, unless a run has started or ended since. */
export function latestCancellation(status: BatchStatusWithControl | null): RunCancellation | null {
  const c = status?.cancellation;
  if (!c || status.current_pipeline) return null;
  const ended = status.last_pipeline?.completed_at;
  return !ended || ended < c.cancelled_at ? c : null;
}

// Phases a running pipeline is expected to pass through, shown as pending until they start (the
// aggregator only knows a phase once it started). A finished pipeline shows only what really ran.
const EXPECTED: Record<string, string[]> = {
  spellcheck: ["spellcheck"], nlp: ["spellcheck", "nlp"], cj_assessment: ["cj_assessment"], ai_feedback: ["ai_feedback"],
  comprehensive: ["spellcheck", "nlp", "cj_assessment", "ai_feedback"],
};

export interface ShownPhase {
  phase: string;
  status: string;
  essay_count?: number | null;
  processed_count?: number | null;
}

/** The current (or last) pipeline's phases as the teacher sees them: a phase the cancellation stopped reads CANCELLED. */
export function shownPhases(status: BatchStatusWithControl): ShownPhase[] {
  // The aggregator records a cancelled phase as skipped; the cancellation says which ones it stopped.
  const cancelled = latestCancellation(status);
  const stateOf = (p: { phase: string; status: string; pipeline?: string | null }) =>
    cancelled && cancelled.cancelled_phases.includes(p.phase) && (!p.pipeline || p.pipeline === cancelled.pipeline) && (p.status === "SKIPPED" || p.status === "IN_PROGRESS") ? "CANCELLED" : p.status;
  const pipeline = status.current_pipeline ?? cancelled?.pipeline ?? status.last_pipeline?.pipeline ?? null;
  const known = status.phases.filter((p) => !pipeline || p.pipeline === pipeline);
  const pending = status.current_pipeline ? (EXPECTED[status.current_pipeline] ?? []).filter((name) => !known.some((p) => p.phase === name)) : [];
  return [...known.map((p) => ({ ...p, status: stateOf(p) })), ...pending.map((phase) => ({ phase, status: "PENDING", essay_count: null, processed_count: null }))];
}

// CJ ranks the batch as a whole: BOS refuses a retry of single essays there (phase_not_retryable).
const RETRYABLE: readonly string[] = ["spellcheck", "nlp", "ai_feedback"];

/** The latest run's phases that failed some essays and can be retried for those essays alone. */
export function failedPhases(status: BatchStatusView | null): { phase: RetryPhase; failed: number }[] {
  if (!status || status.current_pipeline) return [];
  const pipeline = status.last_pipeline?.pipeline ?? null;
  return status.phases
    .filter((p) => (!pipeline || p.pipeline === pipeline) && RETRYABLE.includes(p.phase) && (p.failed_count ?? 0) > 0)
    .map((p) => ({ phase: p.phase as RetryPhase, failed: p.failed_count ?? 0 }));
}
