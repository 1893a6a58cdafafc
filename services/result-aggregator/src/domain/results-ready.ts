import { NotificationType } from "@shared/contracts/notifications.ts";
import type { PhaseName, PhaseStatus } from "@shared/contracts/enums.ts";

/** The `results_ready` notification before the notifier stamps it. */
export interface ResultsReadyDraft {
  type: typeof NotificationType.RESULTS_READY;
  user_id: string;
  batch_id: string;
  correlation_id: string;
  data: Record<string, unknown>;
}

interface Target {
  userId: string;
  batchId: string;
  correlationId: string;
}

const draft = (t: Target, data: Record<string, unknown>): ResultsReadyDraft => ({
  type: NotificationType.RESULTS_READY, user_id: t.userId, batch_id: t.batchId, correlation_id: t.correlationId, data,
});

/** A phase finished for the whole batch and all its results (per essay, or CJ's ranking) are in the view. */
export function phaseResultsReady(
  t: Target, phase: PhaseName, status: PhaseStatus, processedCount: number, failedEssayIds: string[], extra: Record<string, unknown> = {},
): ResultsReadyDraft {
  return draft(t, {
    scope: "phase", phase, phase_status: status, processed_count: processedCount, failed_count: failedEssayIds.length, failed_essay_ids: failedEssayIds, ...extra,
  });
}

/** One essay's written feedback is in the view. */
export function feedbackReady(t: Target, essayId: string, status: string, preview: string | null): ResultsReadyDraft {
  return draft(t, { scope: "essay", phase: "ai_feedback", essay_id: essayId, status, feedback_preview: preview });
}
