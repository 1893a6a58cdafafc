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
  /** Largest |score change| between the last two fits; null before there are two fits. */
  readonly maxScoreChange: number | null;
  /** Fewest valid comparisons any single item has. */
  readonly minComparisonsPerItem: number;
}

export interface CompletionPolicy {
  /** Scores count as stable when no score moved more than this (logits) between two fits. */
  readonly stabilityThreshold: number;
  /** Stability is only trusted once every item has at least this many valid comparisons. */
  readonly minComparisonsPerItem: number;
}

export type FinishReason = "budget_reached" | "scores_stable" | "pairs_exhausted";

export type CompletionDecision =
  | { readonly kind: "wait_for_callbacks" }
  | { readonly kind: "continue" }
  | { readonly kind: "finish"; readonly reason: FinishReason };

// A round of ~2 comparisons per item moves the largest score by roughly 7/k logits at k comparisons
// per item, so 0.25 is typically reached at 20–30 comparisons per item (see bench/cj-simulation.ts).
export const DEFAULT_COMPLETION_POLICY: CompletionPolicy = {
  stabilityThreshold: 0.25,
  minComparisonsPerItem: 8,
};

/**
 * Stability-first completion, decided from counts of valid results only (never from callbacks
 * received or this round's size, which is how runaway completion happened).
 * `continue` means: refit and plan the next round; `wait_for_callbacks` means the round is still
 * out, so no refit yet.
 *
 * @example
 * decideCompletion({ validComparisons: 6, budget: 6, pendingCallbacks: 0, issuablePairs: 0,
 *   maxScoreChange: null, minComparisonsPerItem: 3 }); // { kind: "finish", reason: "budget_reached" }
 */
export function decideCompletion(
  state: CompletionState,
  policy: CompletionPolicy = DEFAULT_COMPLETION_POLICY,
): CompletionDecision {
  // The budget is spent: late or retried callbacks cannot improve the result, so finish at once.
  if (state.validComparisons >= state.budget) return finish("budget_reached");
  if (state.pendingCallbacks > 0) return { kind: "wait_for_callbacks" };
  if (
    state.maxScoreChange !== null &&
    state.minComparisonsPerItem >= policy.minComparisonsPerItem &&
    state.maxScoreChange < policy.stabilityThreshold
  ) {
    return finish("scores_stable");
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
