import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import { BatchState } from "../domain/batch-state.ts";
import { findBatch, itemsOf, stalledBatchIds, updateBatch } from "../db/batch-store.ts";
import { abandonPair, pendingPairsOf, replaceCurrentRequest } from "../db/comparison-store.ts";
import { advanceBatch } from "../handlers/advance-batch.ts";
import { issueRequest } from "../handlers/issue-comparisons.ts";
import type { WorkflowSettings, WorkflowTx } from "../handlers/workflow.ts";

export interface StallMonitorOptions {
  db: Db;
  uow: UnitOfWork;
  logger: Logger;
  metrics: ServiceMetrics;
  settings: WorkflowSettings;
  intervalMs: number;
  stallTimeoutMs: number;
  maxStallRecoveries: number;
}

export type RecoveryAction = "reissued" | "abandoned_pending" | "advanced" | "skipped";

/**
 * Recovery only, never the normal path: a waiting batch that has heard nothing for the stall
 * timeout gets its missing requests re-issued; after `maxStallRecoveries` re-issues in a round its pending
 * pairs are abandoned and the batch advances (next round or finalisation with what it has).
 */
export function startStallMonitor(options: StallMonitorOptions) {
  const { db, uow, logger, settings } = options;
  const recoveries = options.metrics.counter("cj_stall_recoveries_total", "Stalled batches recovered by the monitor", ["action"]);
  let sweeping = false;

  function recover(batchId: string, cutoff: string): RecoveryAction {
    return uow.run((tx, emit) => {
      const batch = findBatch(tx, batchId);
      // Re-checked inside the transaction: a callback may have arrived since the scan.
      if (!batch || batch.state !== BatchState.WAITING_CALLBACKS || batch.lastActivityAt >= cutoff) return "skipped";
      const log = logger.child({ batch_id: batchId, correlation_id: batch.correlationId });
      const w: WorkflowTx = { tx, emit, now: new Date(), log, settings };
      const at = w.now.toISOString();
      const pending = pendingPairsOf(tx, batchId);
      if (pending.length === 0) {
        log.warn("stalled batch has nothing out; advancing it");
        advanceBatch(w, batch);
        return "advanced";
      }
      if (batch.stallRecoveries < options.maxStallRecoveries) {
        const items = itemsOf(tx, batchId);
        for (const pair of pending) replaceCurrentRequest(tx, pair, issueRequest(w, batch, items, pair), false);
        updateBatch(tx, batchId, { stallRecoveries: batch.stallRecoveries + 1, lastActivityAt: at });
        log.warn("callbacks stalled; missing requests re-issued", { pairs: pending.length, recovery: batch.stallRecoveries + 1 });
        return "reissued";
      }
      for (const pair of pending) abandonPair(tx, pair.pairId, at);
      updateBatch(tx, batchId, { lastActivityAt: at });
      log.error("callbacks still stalled after re-issues; pending pairs abandoned", { pairs: pending.length });
      advanceBatch(w, { ...batch, lastActivityAt: at });
      return "abandoned_pending";
    });
  }

  /** One pass over stalled batches; returns what it did per batch. */
  function sweep(now = new Date()): Map<string, RecoveryAction> {
    const done = new Map<string, RecoveryAction>();
    if (sweeping) return done;
    sweeping = true;
    try {
      const cutoff = new Date(now.getTime() - options.stallTimeoutMs).toISOString();
      for (const batchId of stalledBatchIds(db, cutoff)) {
        try {
          const action = recover(batchId, cutoff);
          done.set(batchId, action);
          if (action !== "skipped") recoveries.inc({ action });
        } catch (err) {
          logger.error("stall recovery failed; next sweep retries", { batch_id: batchId, error: err });
        }
      }
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
export type StallMonitor = ReturnType<typeof startStallMonitor>;
