import type { CJBatchStatistics } from "@shared/contracts/events/cj-results.ts";
import { type Comparison, fitBradleyTerry, type ScoreEstimate } from "./bradley-terry.ts";
import { createRng } from "./random.ts";
import { expectedRankAgreement, scaleSeparationReliability, splitHalfReliability } from "./reliability.ts";

/**
 * What a finished batch spent and how reliable its scale is, as reported in its result events.
 * SSR is the conventional one, on a fit with the usual weak prior (σ = 3), so it compares with
 * other CJ tools, inflation under adaptive pairing included; the expected rank agreement comes from
 * the batch's own fit (`fitScale`). Split-half uses its own stream seeded from the batch seed, so a
 * batch reports the same figure however often it is computed.
 *
 * @example
 * batchStatistics(fit, comparisons, 7).comparisons_per_essay; // 2 × comparisons / items
 */
export function batchStatistics(fit: ScoreEstimate, comparisons: readonly Comparison[], seed: number): CJBatchStatistics {
  const n = fit.scores.length;
  const split = splitHalfReliability(n, comparisons, createRng((seed ^ 0x5b117) >>> 0));
  return {
    comparisons_made: comparisons.length,
    comparisons_per_essay: n === 0 ? 0 : (2 * comparisons.length) / n,
    soft_outcomes: comparisons.filter((c) => c.winnerProbability !== undefined).length,
    scale_separation_reliability: n < 2 ? 0 : scaleSeparationReliability(fitBradleyTerry(n, comparisons)),
    split_half_reliability: split,
    expected_rank_agreement: expectedRankAgreement(fit).spearman,
  };
}
