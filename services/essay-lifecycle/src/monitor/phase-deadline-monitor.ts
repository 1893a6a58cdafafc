import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { isPastDeadline, type PhaseTimeouts } from "../domain/phase-deadline.ts";
import { dueRunCandidates } from "../db/phase-store.ts";
import { expirePhaseRun, type ExpiryResult } from "../handlers/expire-phase-run.ts";
import { phaseRunMetrics } from "../handlers/phase-metrics.ts";

export interface PhaseDeadlineMonitorOptions {
  db: Db;
  uow: UnitOfWork;
  logger: Logger;
  metrics: ServiceMetrics;
  timeouts: PhaseTimeouts;
  intervalMs: number;
}

/**
 * Recovery only, never the normal path: a phase run still waiting at its deadline closes with the
 * essays that never got a result failed (TIMEOUT), so a lost or dead-lettered request cannot hang
 * the batch. Every worker runs one; each run is expired in its own immediate transaction that
 * re-checks the run, so only one worker closes it and its outcome is emitted once.
 */
export function startPhaseDeadlineMonitor(options: PhaseDeadlineMonitorOptions) {
  const { db, uow, logger, timeouts } = options;
  const runs = phaseRunMetrics(options.metrics);
  let sweeping = false;

  /** One pass over runs past their deadline; returns what it did per run. */
  function sweep(now = new Date()): Map<string, ExpiryResult["kind"]> {
    const done = new Map<string, ExpiryResult["kind"]>();
    if (sweeping) return done;
    sweeping = true;
    try {
      const due = dueRunCandidates(db, now.toISOString()).filter((run) => isPastDeadline(run, now, timeouts));
      for (const run of due) {
        try {
          const result = uow.run((tx, emit) => expirePhaseRun(tx, emit, run.runId, now, timeouts, logger));
          done.set(run.runId, result.kind);
          if (result.kind !== "expired") continue;
          runs.unanswered(run.phase, "deadline", result.failed.length);
          runs.closed(result.closed);
        } catch (err) {
          logger.error("phase run expiry failed; next sweep retries", { batch_id: run.batchId, run_id: run.runId, error: err });
        }
      }
    } catch (err) {
      logger.error("phase deadline sweep failed; next sweep retries", { error: err });
    } finally {
      sweeping = false;
    }
    return done;
  }

  const timer = setInterval(() => sweep(), options.intervalMs);
  return {
    sweep,
    stop() {
      clearInterval(timer);
    },
  };
}
export type PhaseDeadlineMonitor = ReturnType<typeof startPhaseDeadlineMonitor>;
