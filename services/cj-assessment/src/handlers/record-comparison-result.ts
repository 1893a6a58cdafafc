import type { LlmComparisonResult } from "@shared/contracts/events/llm.ts";
import { isTerminal } from "../domain/batch-state.ts";
import { PairStatus, RequestStatus } from "../domain/statuses.ts";
import { findBatch, itemsOf } from "../db/batch-store.ts";
import { abandonPair, replaceCurrentRequest } from "../db/comparison-store.ts";
import type { ResultStatements } from "../db/result-statements.ts";
import { advanceAfterResult, type AdvanceOutcome } from "./advance-batch.ts";
import { issueRequest } from "./issue-comparisons.ts";
import type { WorkflowTx } from "./workflow.ts";

/** What one result did. Only `counted` adds a comparison; nothing else changes the counts. */
export type ResultKind =
  | "unknown" // no such request: not ours, or from a wiped database
  | "duplicate" // the request was answered before
  | "late" // its pair or batch was already settled
  | "counted" // a winner for a pending pair
  | "retried" // an error; the pair is asked again
  | "abandoned" // an error after the retry limit; the pair leaves this round
  | "superseded_error"; // an error for a request the monitor already replaced

export interface ResultOutcome {
  readonly kind: ResultKind;
  readonly batchId?: string;
  readonly next?: AdvanceOutcome;
}

/**
 * Apply one comparison result inside the caller's transaction (`q`: the hot path's statements,
 * prepared on the same database). Identified by request id, so a redelivered, duplicated or late
 * result changes nothing; an error result never counts.
 */
export function recordComparisonResult(w: WorkflowTx, result: LlmComparisonResult, q: ResultStatements): ResultOutcome {
  const at = w.now.toISOString();
  const request = q.findRequest(result.request_id);
  if (!request) return { kind: "unknown" };
  const batchId = request.batchId;
  if (request.status !== RequestStatus.SENT) return { kind: "duplicate", batchId };
  // The batch's state and budget only: reading its whole row (scores, JSON) per result was a
  // good part of a result's cost; the full row is read when the round settles or a pair retries.
  const batch = q.batchHead(batchId);
  const pair = q.findPair(request.pairId);
  if (!batch || !pair) throw new Error(`request ${request.requestId} has no batch or pair`);
  if (isTerminal(batch.state) || pair.status !== PairStatus.PENDING) {
    q.settleRequest(request.requestId, RequestStatus.IGNORED, at, result.error?.code ?? null);
    return { kind: "late", batchId };
  }

  if (result.status === "success" && result.winner) {
    q.settleRequest(request.requestId, RequestStatus.SUCCEEDED, at);
    // Also counts the answer on the batch and stamps its last activity.
    q.answerPair(pair, result.winner === "essay_a" ? pair.itemA : pair.itemB, at, result.confidence ?? null);
    return { kind: "counted", batchId, next: advanceAfterResult(w, batchId, batch.budget, q.pairStatusCounts(batchId)) };
  }

  q.touchBatch(batchId, at);
  const code = result.error?.code ?? (result.status === "success" ? "missing_winner" : "unknown_error");
  q.settleRequest(request.requestId, RequestStatus.ERRORED, at, code);
  if (pair.currentRequestId !== request.requestId) return { kind: "superseded_error", batchId };
  if (pair.retries < w.settings.pairRetryLimit) {
    const full = findBatch(w.tx, batchId);
    if (!full) throw new Error(`request ${request.requestId} has no batch`);
    const retryId = issueRequest(w, full, itemsOf(w.tx, batchId), pair);
    replaceCurrentRequest(w.tx, pair, retryId, true);
    w.log.warn("comparison failed; pair retried", { pair_id: pair.pairId, error_code: code, retry: pair.retries + 1 });
    return { kind: "retried", batchId };
  }
  abandonPair(w.tx, pair.pairId, at);
  w.log.warn("comparison failed after its retries; pair abandoned for this round", { pair_id: pair.pairId, error_code: code });
  return { kind: "abandoned", batchId, next: advanceAfterResult(w, batchId, batch.budget, q.pairStatusCounts(batchId)) };
}
