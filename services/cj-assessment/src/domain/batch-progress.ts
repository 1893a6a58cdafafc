import type { Comparison } from "./bradley-terry.ts";
import { comparisonCounts } from "./completion.ts";
import type { PlannedComparison } from "./pairing.ts";
import { winnerProbability } from "./soft-outcome.ts";
import { PairStatus } from "./statuses.ts";

/** A pair row of a batch as stored: positions a/b, its status and, when answered, the winner. */
export interface PairRecord {
  readonly a: number;
  readonly b: number;
  readonly status: PairStatus;
  readonly winner: number | null;
  /** The judge's confidence that the winner is better, when it gave one. */
  readonly confidence?: number | null;
}

/** What the batch's pair rows add up to, for fitting, planning and `decideCompletion`. */
export interface BatchProgress {
  /** Valid verdicts only: error results never become comparisons. */
  readonly comparisons: Comparison[];
  /** Answered or pending pairs with their positions: `issued` for `planRound`. */
  readonly standing: PlannedComparison[];
  /** Pairs abandoned `abandonLimit` times: never planned again (kept in `issued` so they are not). */
  readonly exhausted: PlannedComparison[];
  readonly pending: number;
  /** Pairs that could still be asked: never-used pairs plus abandoned pairs under the limit. */
  readonly issuablePairs: number;
  readonly minComparisonsPerItem: number;
  /** Comparisons that carry a soft outcome (`winnerProbability`). */
  readonly softOutcomes: number;
}

/**
 * Folds a batch's pair rows into counts. An abandoned pair is left out of `standing`, so a later
 * round may plan it again, until it has been abandoned `abandonLimit` times; that bound is what
 * keeps a pair that always errors from stalling or looping a batch. With `softOutcomes`, an answered
 * pair's confidence becomes the comparison's `winnerProbability` (see `winnerProbability`).
 *
 * @example
 * summariseProgress(3, [{ a: 0, b: 1, status: "ANSWERED", winner: 1 }, { a: 1, b: 2, status: "ABANDONED", winner: null }], 2);
 * // comparisons [{ winner: 1, loser: 0 }], standing [{ a: 0, b: 1 }], pending 0, issuablePairs 2
 */
export function summariseProgress(
  n: number, pairs: readonly PairRecord[], abandonLimit: number, options: { readonly softOutcomes?: boolean } = {},
): BatchProgress {
  const comparisons: Comparison[] = [];
  const standing: PlannedComparison[] = [];
  const standingKeys = new Set<number>();
  const abandons = new Map<number, PlannedComparison & { count: number }>();
  let pending = 0;
  const key = (p: PlannedComparison) => Math.min(p.a, p.b) * n + Math.max(p.a, p.b);
  for (const pair of pairs) {
    if (pair.status === PairStatus.ABANDONED) {
      const found = abandons.get(key(pair));
      abandons.set(key(pair), { a: pair.a, b: pair.b, count: (found?.count ?? 0) + 1 });
      continue;
    }
    standing.push({ a: pair.a, b: pair.b });
    standingKeys.add(key(pair));
    if (pair.status === PairStatus.PENDING) {
      pending++;
    } else if (pair.winner === pair.a || pair.winner === pair.b) {
      const p = options.softOutcomes ? winnerProbability(pair.confidence) : undefined;
      comparisons.push({ winner: pair.winner, loser: pair.winner === pair.a ? pair.b : pair.a, ...(p === undefined ? {} : { winnerProbability: p }) });
    } else {
      throw new RangeError(`answered pair ${pair.a}–${pair.b} has no valid winner`);
    }
  }
  const exhausted = [...abandons.entries()]
    .filter(([k, entry]) => entry.count >= abandonLimit && !standingKeys.has(k))
    .map(([, entry]) => ({ a: entry.a, b: entry.b }));
  const counts = comparisonCounts(n, comparisons);
  return {
    comparisons,
    standing,
    exhausted,
    pending,
    issuablePairs: Math.max(0, (n * (n - 1)) / 2 - standingKeys.size - exhausted.length),
    minComparisonsPerItem: n === 0 ? 0 : Math.min(...counts),
    softOutcomes: comparisons.filter((c) => c.winnerProbability !== undefined).length,
  };
}
