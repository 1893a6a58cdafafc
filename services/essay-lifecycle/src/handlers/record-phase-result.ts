import { PhaseName } from "@shared/contracts/enums.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import type { PhaseResultRefs } from "@shared/contracts/events/phase-outcome.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { decideTransition } from "../domain/essay-state-machine.ts";
import { findEssay, moveEssayStatus } from "../db/essay-store.ts";
import { findActiveRun, finishRunEssay, runEssayStates } from "../db/phase-store.ts";
import { PhaseRunEssayStatus } from "../db/statuses.ts";
import { closePhaseRunIfDone, type ClosedRun } from "./close-phase-run.ts";
import { predatesCancellation } from "./cancel-phase-runs.ts";

/** One essay's result from a phase service, in ELS's terms. */
export interface EssayPhaseResult {
  phase: PhaseName;
  batchId: string;
  essayId: string;
  succeeded: boolean;
  /** Text the essay carries on (spellcheck's corrected text); absent = unchanged. */
  resultTextStorageId?: string | null;
  /** Where the phase service put the essay's results; kept only for a success. */
  resultRefs?: PhaseResultRefs;
  failureReason?: string | null;
}

export type ResultOutcome = { counted: false } | { counted: true; closed?: ClosedRun };

/**
 * Count a result against the batch's running phase. Only a pending essay of an in-progress run
 * counts, so duplicate and late results change nothing; the outcome is emitted when the last lands.
 */
export function recordEssayResult(tx: DbOrTx, emit: Emit, result: EssayPhaseResult, correlationId: string, log: Logger, resultAt?: string): ResultOutcome {
  const run = findActiveRun(tx, result.batchId, result.phase);
  if (run && resultAt !== undefined && predatesCancellation(tx, result.batchId, resultAt)) {
    log.info("result from before the batch's pipeline was cancelled; ignored", { phase: result.phase, essay_id: result.essayId });
    return { counted: false };
  }
  if (!run) {
    log.info("result for a phase not running for this batch (late or repeated); ignored", { phase: result.phase, essay_id: result.essayId });
    return { counted: false };
  }
  if (!applyEssayResult(tx, run.runId, result, log)) return { counted: false };
  const closed = closePhaseRunIfDone(tx, emit, { runId: run.runId, batchId: run.batchId, phase: run.phase }, correlationId, log);
  return { counted: true, ...(closed ? { closed } : {}) };
}

/**
 * Record one essay's result in the run (only while it is pending) and move the essay through the
 * state machine; false when the result counted nothing.
 */
export function applyEssayResult(tx: DbOrTx, runId: string, result: EssayPhaseResult, log: Logger): boolean {
  const finished = finishRunEssay(tx, runId, result.essayId, {
    status: result.succeeded ? PhaseRunEssayStatus.SUCCESS : PhaseRunEssayStatus.FAILED,
    resultTextStorageId: result.succeeded ? result.resultTextStorageId ?? null : null,
    resultRefs: result.succeeded ? result.resultRefs ?? null : null,
    failureReason: result.succeeded ? null : result.failureReason ?? "phase_failed",
  });
  if (!finished) {
    log.info("result for an essay already finished or not in this run; ignored", { phase: result.phase, essay_id: result.essayId });
    return false;
  }
  const essay = findEssay(tx, result.essayId);
  if (!essay) {
    log.warn("result for an essay ELS does not know; counted in the run only", { essay_id: result.essayId });
    return true;
  }
  const decision = decideTransition(essay.status, { type: result.succeeded ? "phase_succeeded" : "phase_failed", phase: result.phase });
  if (decision.kind === "reject") {
    log.warn("essay status transition skipped", { essay_id: result.essayId, from: decision.from, to: decision.to, reason: decision.reason });
    return true;
  }
  const newText = result.succeeded && result.resultTextStorageId ? result.resultTextStorageId : undefined;
  if (!moveEssayStatus(tx, result.essayId, decision.from, decision.to, newText)) throw new Error(`essay ${result.essayId} changed inside its transaction`);
  return true;
}

export type CJAssessmentCompleted = TopicData<typeof CJAssessmentCompletedTopic>;

/**
 * CJ reports the whole batch at once: each pending essay of the run takes its listed outcome; an
 * essay CJ left out failed (it has no ranking).
 */
export function recordCJResult(tx: DbOrTx, emit: Emit, data: CJAssessmentCompleted, correlationId: string, log: Logger, resultAt?: string): ResultOutcome {
  const run = findActiveRun(tx, data.batch_id, PhaseName.CJ_ASSESSMENT);
  if (run && resultAt !== undefined && predatesCancellation(tx, data.batch_id, resultAt)) {
    log.info("CJ result from before the batch's pipeline was cancelled; ignored");
    return { counted: false };
  }
  if (!run) {
    log.info("CJ result for a batch with no CJ phase running (late or repeated); ignored");
    return { counted: false };
  }
  const listed = new Map(data.essay_outcomes.map((o) => [o.essay_id, o.status]));
  const pending = runEssayStates(tx, run.runId).filter((e) => e.status === PhaseRunEssayStatus.PENDING);
  const missing = pending.filter((e) => !listed.has(e.essay_id)).map((e) => e.essay_id);
  if (missing.length > 0) log.warn("CJ result leaves essays out; counted as failed", { essay_ids: missing, cj_status: data.status });
  for (const essay of pending) {
    const status = listed.get(essay.essay_id);
    applyEssayResult(tx, run.runId, {
      phase: PhaseName.CJ_ASSESSMENT, batchId: data.batch_id, essayId: essay.essay_id, succeeded: status === "success",
      failureReason: status === undefined ? "not_in_cj_result" : "cj_failed",
    }, log);
  }
  const closed = closePhaseRunIfDone(tx, emit, { runId: run.runId, batchId: run.batchId, phase: run.phase }, correlationId, log);
  return { counted: true, ...(closed ? { closed } : {}) };
}
