import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import type { PhaseName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { SERVICE_NAME } from "../config.ts";
import { decidePhaseOutcome, type PhaseOutcome } from "../domain/phase-outcome.ts";
import { closePhaseRun, hasPendingEssays, runEssayStates } from "../db/phase-store.ts";
import { findBatch } from "../db/intake-store.ts";

export interface ClosedRun {
  phase: PhaseName;
  outcome: PhaseOutcome;
  durationSeconds: number;
}

/**
 * When every essay of the run has finished, close it and emit its outcome — once: the run row
 * leaves IN_PROGRESS in this transaction and the event carries a per-run dedupe key. The outcome
 * names the batch's owner and each essay's result references, so readers need no other source.
 */
export function closePhaseRunIfDone(
  tx: DbOrTx, emit: Emit, run: { runId: string; batchId: string; phase: PhaseName }, correlationId: string, log: Logger,
): ClosedRun | undefined {
  if (hasPendingEssays(tx, run.runId)) return undefined;
  const outcome = decidePhaseOutcome(runEssayStates(tx, run.runId));
  if (!outcome) return undefined;
  const closed = closePhaseRun(tx, run.runId, outcome.status);
  if (!closed) return undefined;
  const batch = findBatch(tx, run.batchId);
  if (!batch) log.warn("phase run of a batch ELS has no registration of; its outcome names no owner", { run_id: run.runId });
  const owner = batch ? { user_id: batch.userId, org_id: batch.orgId } : {};
  emit(
    ELSBatchPhaseOutcomeTopic,
    { data: { batch_id: run.batchId, phase: run.phase, ...owner, ...outcome }, source: SERVICE_NAME, correlationId, metadata: { batch_id: run.batchId } },
    { dedupeKey: `phase-outcome:${run.runId}` },
  );
  log.info("phase finished for batch", {
    phase: run.phase, run_id: run.runId, status: outcome.status,
    processed: outcome.processed_essays.length, failed_essay_ids: outcome.failed_essay_ids,
  });
  return { phase: run.phase, outcome, durationSeconds: (Date.now() - Date.parse(closed.startedAt)) / 1000 };
}
