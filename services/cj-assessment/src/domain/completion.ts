/** What a batch knows when a callback arrives or a refit finishes. */
export interface CompletionState {
  /** Comparisons answered with a winner. Error results never count. */
  readonly validComparisons: number;
  /** `comparisonBudget(n, totalBudget)`: already capped at n·(n−1)/2. */
  readonly budget: number;
  /** Requests issued (first tries and retries) whose result has not come back. */
  readonly pendingCallbacks: number;
  /** Requests that could still be issued: unused pairs plus failed pairs with retries left. */
  readonly issuablePairs: number;
  /**
   * The latest fit's expected Spearman ρ between its order and the true order
   * (`expectedRankAgreement(fit).spearman`); null before there is a fit to judge.
   */
  readonly expectedRankAgreement: number | null;
  /** Fewest valid comparisons any single item has. */
  readonly minComparisonsPerItem: number;
}

export interface CompletionPolicy {
  /** The batch is precise enough once the fit expects its order to match the truth this well (ρ). */
  readonly targetRankAgreement: number;
  /** Precision is only trusted once every item has at least this many valid comparisons. */
  readonly minComparisonsPerItem: number;
}

export type FinishReason = "budget_reached" | "precision_reached" | "pairs_exhausted";

export type CompletionDecision =
  | { readonly kind: "wait_for_callbacks" }
  | { readonly kind: "continue" }
  | { readonly kind: "finish"; readonly reason: FinishReason };

// Calibrated in bench/cj-simulation.ts: with the spread estimated (`fitScale`) the expected ρ is
// roughly honest, and 0.92 leaves the margin for about nine batches in ten to end at ρ ≥ 0.9.
export const DEFAULT_COMPLETION_POLICY: CompletionPolicy = {
  targetRankAgreement: 0.92,
  minComparisonsPerItem: 6,
};

/**
 * Precision-first completion, decided from counts of valid results only (never from callbacks
 * received or this round's size, which is how runaway completion happened) and from the fit's
 * own uncertainty: finish when the expected rank agreement with the truth reaches the target.
 * `continue` means: plan the next round; `wait_for_callbacks` means the round is still out.
 *
 * @example
 * decideCompletion({ validComparisons: 6, budget: 6, pendingCallbacks: 0, issuablePairs: 0,
 *   expectedRankAgreement: null, minComparisonsPerItem: 3 }); // { kind: "finish", reason: "budget_reached" }
 */
export function decideCompletion(
  state: CompletionState,
  policy: CompletionPolicy = DEFAULT_COMPLETION_POLICY,
): CompletionDecision {
  // The budget is spent: late or retried callbacks cannot improve the result, so finish at once.
  if (state.validComparisons >= state.budget) return finish("budget_reached");
  if (state.pendingCallbacks > 0) return { kind: "wait_for_callbacks" };
  if (
    state.expectedRankAgreement !== null &&
    state.minComparisonsPerItem >= policy.minComparisonsPerItem &&
    state.expectedRankAgreement >= policy.targetRankAgreement
  ) {
    return finish("precision_reached");
  }
  // Nothing in flight and nothing left to ask: finishing is the only way not to stall.
  if (state.issuablePairs <= 0) return finish("pairs_exhausted");
  return { kind: "continue" };
}

/**
 * Largest absolute change per item between two fits of the same items.
 *
 * @example
 * maxScoreChange([0.5, -0.5], [0.4, -0.4]); // 0.1
 */
export function maxScoreChange(previous: readonly number[], current: readonly number[]): number {
  if (previous.length !== current.length) throw new RangeError("fits cover different item counts");
  let max = 0;
  for (let i = 0; i < current.length; i++) max = Math.max(max, Math.abs(current[i]! - previous[i]!));
  return max;
}

/**
 * Valid comparisons per item; results without a winner (errors) are skipped.
 *
 * @example
 * comparisonCounts(3, [{ winner: 0, loser: 1 }, { winner: null, loser: null }]); // [1, 1, 0]
 */
export function comparisonCounts(
  n: number,
  results: readonly { readonly winner: number | null; readonly loser: number | null }[],
): number[] {
  const counts = new Array<number>(n).fill(0);
  for (const { winner, loser } of results) {
    if (winner === null || loser === null) continue;
    if (!(winner in counts) || !(loser in counts)) throw new RangeError(`result names an item outside 0..${n - 1}`);
    counts[winner] = (counts[winner] ?? 0) + 1;
    counts[loser] = (counts[loser] ?? 0) + 1;
  }
  return counts;
}

function finish(reason: FinishReason): CompletionDecision {
  return { kind: "finish", reason };
}
