import { isTerminal } from "../domain/batch-state.ts";
import type { BradleyTerryFit } from "../domain/bradley-terry.ts";
import { summariseProgress, type BatchProgress } from "../domain/batch-progress.ts";
import { decideCompletion, maxScoreChange, type FinishReason } from "../domain/completion.ts";
import { expectedRankAgreement } from "../domain/reliability.ts";
import { fitScale } from "../domain/scale-fit.ts";
import { nextRoundSize, planRound, type PlannedComparison } from "../domain/pairing.ts";
import { createRng, type Rng } from "../domain/random.ts";
import { findBatch, itemsOf, markWaiting, updateBatch, type BatchRow, type ItemRow } from "../db/batch-store.ts";
import { pairsOf, pendingPairCount } from "../db/comparison-store.ts";
import { finaliseBatch, type FinalResult } from "./finalise-batch.ts";
import { issueRound } from "./issue-comparisons.ts";
import type { WorkflowTx } from "./workflow.ts";

export type AdvanceOutcome =
  | { readonly kind: "waiting"; readonly pending: number }
  | { readonly kind: "next_round"; readonly round: number; readonly size: number }
  | { readonly kind: "finished"; readonly result: FinalResult }
  | { readonly kind: "already_final" };

/** Each round draws from its own stream, so a batch replays identically from its seed after a restart. */
export function roundRng(seed: number, round: number): Rng {
  return createRng((seed + Math.imul(round, 0x9e3779b1)) >>> 0);
}

/** The batch's pair rows folded into counts (error results are never comparisons). */
export function progressOf(w: WorkflowTx, batch: BatchRow): BatchProgress {
  const pairs = pairsOf(w.tx, batch.batchId).map((p) => ({ a: p.itemA, b: p.itemB, status: p.status, winner: p.winner, confidence: p.confidence }));
  return summariseProgress(batch.itemCount, pairs, w.settings.pairAbandonLimit, { softOutcomes: w.settings.softOutcomes });
}

/**
 * After one result of a batch known to be open, with the batch's pending and answered pair counts
 * (ResultStatements.pairStatusCounts): while its round is out (and the budget is not spent) it
 * waits; only then is the whole batch row read to advance.
 */
export function advanceAfterResult(w: WorkflowTx, batchId: string, budget: number, counts: PairCounts): AdvanceOutcome {
  const waiting = roundStillOut(counts, budget);
  if (waiting) return waiting;
  const batch = findBatch(w.tx, batchId);
  if (!batch) throw new Error(`batch ${batchId} vanished inside its transaction`);
  return isTerminal(batch.state) ? { kind: "already_final" } : advanceSettledRound(w, batch);
}

export interface PairCounts {
  readonly pending: number;
  readonly answered: number;
}

/**
 * "waiting" while requests are out and the budget is not spent, decided from the pending count (an
 * index range of the round) and the batch's answered counter (the same pending and valid-comparison
 * counts summariseProgress gives), not by reading and folding every pair of the batch, which made
 * each result O(pairs) and a batch O(pairs²) (issue 14).
 */
function roundStillOut(counts: PairCounts, budget: number): AdvanceOutcome | null {
  return counts.pending > 0 && counts.answered < budget ? { kind: "waiting", pending: counts.pending } : null;
}

/**
 * Called after anything that may settle a round. While requests are out (and the budget is not
 * spent) it waits; once the round is in it refits with a warm start (soft outcomes where the judge
 * gave a confidence), asks the fit how well its order should match the truth, and lets
 * `decideCompletion` choose: the next adaptive round, or finalisation.
 */
export function advanceBatch(w: WorkflowTx, batch: BatchRow): AdvanceOutcome {
  if (isTerminal(batch.state)) return { kind: "already_final" };
  const counts = { pending: pendingPairCount(w.tx, batch.batchId), answered: batch.answeredPairs };
  return roundStillOut(counts, batch.budget) ?? advanceSettledRound(w, batch);
}

/** The round is in (or the budget spent): refit and decide. */
function advanceSettledRound(w: WorkflowTx, batch: BatchRow): AdvanceOutcome {
  const progress = progressOf(w, batch);
  const items = itemsOf(w.tx, batch.batchId);
  const fit = refit(batch, progress);
  const change = batch.fitScores && batch.fitScores.length === fit.scores.length ? maxScoreChange(batch.fitScores, fit.scores) : null;
  const agreement = expectedRankAgreement(fit).spearman;
  const decision = decideCompletion({
    validComparisons: progress.comparisons.length,
    budget: batch.budget,
    pendingCallbacks: progress.pending,
    issuablePairs: progress.issuablePairs,
    expectedRankAgreement: agreement,
    minComparisonsPerItem: progress.minComparisonsPerItem,
  }, w.settings.policy);
  w.log.info("round settled; scores refitted", {
    round: batch.round, valid_comparisons: progress.comparisons.length, budget: batch.budget, soft_outcomes: progress.softOutcomes,
    expected_rank_agreement: agreement, spread: fit.spread, dispersion: fit.dispersion, max_score_change: change, decision: decision.kind,
  });
  if (decision.kind === "finish") return finish(w, batch, items, fit, progress, decision.reason);
  if (decision.kind === "wait_for_callbacks") return { kind: "waiting", pending: progress.pending };
  updateBatch(w.tx, batch.batchId, { fitScores: fit.scores, fitStandardErrors: fit.standardErrors, maxScoreChange: change, expectedRankAgreement: agreement });
  return planNextRound(w, { ...batch, fitScores: fit.scores, fitStandardErrors: fit.standardErrors }, items, progress, fit);
}

/** Plan and issue a round; the first round is random, later ones adaptive on the latest fit. */
export function planNextRound(w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], progress: BatchProgress, fit?: BradleyTerryFit): AdvanceOutcome {
  const round = batch.round + 1;
  // Exhausted pairs stand in `issued` so they are never planned; the cap keeps a round inside the pairs still issuable.
  const issued: PlannedComparison[] = [...progress.standing, ...progress.exhausted];
  const size = Math.min(nextRoundSize(batch.itemCount, batch.budget, progress.standing.length), progress.issuablePairs);
  const planned = planRound({ n: batch.itemCount, issued, size, ...(fit ? { estimate: fit } : {}), rng: roundRng(batch.seed, round) });
  if (planned.length === 0) return finish(w, batch, items, fit ?? refit(batch, progress), progress, "pairs_exhausted");
  issueRound(w, batch, items, round, planned);
  markWaiting(w.tx, batch.batchId, { round, stallRecoveries: 0, lastActivityAt: w.now.toISOString() });
  w.log.info("comparison round issued", { round, size: planned.length });
  return { kind: "next_round", round, size: planned.length };
}

/** The batch's scale from its valid comparisons, with the spread of abilities estimated from the batch. */
function refit(batch: BatchRow, progress: BatchProgress) {
  return fitScale(batch.itemCount, progress.comparisons, batch.fitScores ? { initialScores: batch.fitScores } : {});
}

function finish(w: WorkflowTx, batch: BatchRow, items: readonly ItemRow[], fit: BradleyTerryFit, progress: BatchProgress, reason: FinishReason): AdvanceOutcome {
  const result = finaliseBatch(w, batch, items, fit, progress, reason);
  return result ? { kind: "finished", result } : { kind: "already_final" };
}
