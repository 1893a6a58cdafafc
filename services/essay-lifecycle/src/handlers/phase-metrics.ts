import type { PhaseName } from "@shared/contracts/enums.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { ClosedRun } from "./close-phase-run.ts";

/** Why essays failed without a result from their phase service. */
export type UnansweredCause = "deadline" | "dead_letter";

/** Phase-run counters shared by the result handlers, the dead-letter handlers and the deadline monitor. */
export function phaseRunMetrics(metrics: ServiceMetrics) {
  const outcomes = metrics.counter("els_phase_outcomes_total", "Phase runs finished, by phase and outcome", ["phase", "status"]);
  const duration = metrics.histogram("els_phase_run_duration_seconds", "Phase run wall time, command to outcome", ["phase"], [0.1, 0.5, 1, 5, 15, 60, 300, 1800]);
  const unanswered = metrics.counter("els_phase_essays_unanswered_total", "Essays failed without a phase result, by phase and cause", ["phase", "cause"]);
  return {
    closed(closed: ClosedRun | undefined) {
      if (!closed) return;
      outcomes.inc({ phase: closed.phase, status: closed.outcome.status });
      duration.observe({ phase: closed.phase }, closed.durationSeconds);
    },
    unanswered(phase: PhaseName, cause: UnansweredCause, essays: number) {
      if (essays > 0) unanswered.inc({ phase, cause }, essays);
    },
  };
}
export type PhaseRunMetrics = ReturnType<typeof phaseRunMetrics>;
