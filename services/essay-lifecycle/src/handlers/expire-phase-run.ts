import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { isPastDeadline, TIMEOUT_FAILURE, type PhaseTimeouts } from "../domain/phase-deadline.ts";
import { findRun, runEssayStates } from "../db/phase-store.ts";
import { PhaseRunEssayStatus, PhaseRunStatus } from "../db/statuses.ts";
import { failPendingEssays, type FailedEssays } from "./fail-pending-essays.ts";

export type ExpiryResult = { kind: "skipped" } | ({ kind: "expired" } & FailedEssays);

/**
 * Close a run whose deadline has passed: every essay still without a result fails with TIMEOUT.
 * Run inside one immediate transaction; the run's state is re-read here, so of several workers
 * sweeping at once only the first to take the write lock acts — the rest find it closed.
 */
export function expirePhaseRun(tx: DbOrTx, emit: Emit, runId: string, now: Date, timeouts: PhaseTimeouts, logger: Logger): ExpiryResult {
  const run = findRun(tx, runId);
  if (!run || run.status !== PhaseRunStatus.IN_PROGRESS || !isPastDeadline(run, now, timeouts)) return { kind: "skipped" };
  const correlationId = run.correlationId ?? run.commandEventId;
  const log = logger.child({ batch_id: run.batchId, correlation_id: correlationId });
  const pending = runEssayStates(tx, run.runId).filter((e) => e.status === PhaseRunEssayStatus.PENDING).map((e) => e.essay_id);
  log.warn("phase run passed its deadline; essays without a result fail with TIMEOUT", {
    phase: run.phase, run_id: run.runId, deadline_at: run.deadlineAt, essay_ids: pending,
  });
  const result = failPendingEssays(tx, emit, run, pending, TIMEOUT_FAILURE, correlationId, log);
  return { kind: "expired", ...result };
}
