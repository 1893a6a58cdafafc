import type { BatchStatusView, BatchStatusWithControl, RetryPhase, RunCancellation } from "../api/types.ts";

/** The latest run's cancellation, unless a run has started or ended since. */
export function latestCancellation(status: BatchStatusWithControl | null): RunCancellation | null {
  const c = status?.cancellation;
  if (!c || status.current_pipeline) return null;
  const ended = status.last_pipeline?.completed_at;
  return !ended || ended < c.cancelled_at ? c : null;
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
