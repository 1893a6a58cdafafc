import type { PhaseName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { closePhaseRunIfDone, type ClosedRun } from "./close-phase-run.ts";
import { applyEssayResult } from "./record-phase-result.ts";

export interface FailedEssays {
  /** Essays that were pending and are failed now. */
  failed: string[];
  closed?: ClosedRun;
}

/**
 * Fail essays of a run that never got a result (deadline passed, request dead-lettered), the same
 * way a failed result would: only pending rows change, each essay moves IN_PROGRESS → FAILED
 * through the state machine, and the run closes with its one outcome if nothing is left pending.
 */
export function failPendingEssays(
  tx: DbOrTx, emit: Emit, run: { runId: string; batchId: string; phase: PhaseName }, essayIds: readonly string[],
  failureCode: string, correlationId: string, log: Logger,
): FailedEssays {
  const failed = essayIds.filter((essayId) =>
    applyEssayResult(tx, run.runId, { phase: run.phase, batchId: run.batchId, essayId, succeeded: false, failureReason: failureCode }, log));
  const closed = closePhaseRunIfDone(tx, emit, run, correlationId, log);
  return { failed, ...(closed ? { closed } : {}) };
}
