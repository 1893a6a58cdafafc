// One simulated CJ batch driven the way the service drives it: plan a round, judge it, refit,
// measure the fit against the latent truth, and note where the completion policy would stop.
import { type Comparison, fitBradleyTerry } from "../../services/cj-assessment/src/domain/bradley-terry.ts";
import { fitScale, type ScaleFit } from "../../services/cj-assessment/src/domain/scale-fit.ts";
import {
  type CompletionPolicy,
  comparisonCounts,
  DEFAULT_COMPLETION_POLICY,
  decideCompletion,
} from "../../services/cj-assessment/src/domain/completion.ts";
import { type PlannedComparison, planRound } from "../../services/cj-assessment/src/domain/pairing.ts";
import { createRng } from "../../services/cj-assessment/src/domain/random.ts";
import { pearson, spearman } from "../../services/cj-assessment/src/domain/ranking.ts";
import {
  expectedRankAgreement,
  scaleSeparationReliability,
  splitHalfReliability,
} from "../../services/cj-assessment/src/domain/reliability.ts";
import { winnerProbability } from "../../services/cj-assessment/src/domain/soft-outcome.ts";
import { latentQualities, probabilityJudge } from "../../services/cj-assessment/test/domain/simulated-judge.ts";

export interface Variant {
  readonly label: string;
  readonly adaptive: boolean;
  /** Soft: the judge's confidence enters the fit; hard: only its named winner does. */
  readonly soft: boolean;
  /** Log-odds bonus the judge gives position A (0: none). */
  readonly positionBias?: number;
  /** Positions as planned (balanced per essay) or by a fair coin per pair. */
  readonly positions?: "balanced" | "coin-flip";
}

export interface RoundFigures {
  readonly perEssay: number;
  /** Spearman of the fit with the latent truth. */
  readonly rho: number;
  /** Squared Pearson correlation of the fit with the truth: the reliability the estimates really have. */
  readonly trueReliability: number;
  /** SSR as CJ tools report it: on a fit with the usual fixed weak prior (σ = 3). */
  readonly ssr: number;
  /** The same formula on the batch's own (spread-estimated) fit. */
  readonly ssrScale: number;
  /** The fit's own forecast of `rho` (what the completion rule reads). */
  readonly expectedRho: number;
  /** Only at the checkpoints (it refits 2 × splits times). */
  readonly splitHalf: number | null;
}

export interface Trace {
  readonly rounds: RoundFigures[];
  /** The round at which the completion policy finished (or the last round). */
  readonly stop: RoundFigures & { readonly reason: string };
}

export interface SimulationSetup {
  readonly essays: number;
  readonly latentSd: number;
  readonly maxPerEssay: number;
  /** Comparisons per essay at which split-half is computed too. */
  readonly splitHalfAt: readonly number[];
  readonly policy?: CompletionPolicy;
}

export function simulateBatch(variant: Variant, setup: SimulationSetup, seed: number): Trace {
  const n = setup.essays;
  const rng = createRng(seed);
  const truth = latentQualities(n, rng, setup.latentSd);
  const judgeRng = createRng(seed ^ 0x5eed);
  const splitRng = createRng(seed ^ 0x5917);
  const budget = (n * (n - 1)) / 2;
  const limit = Math.min(budget, Math.round((setup.maxPerEssay * n) / 2));
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  const rounds: RoundFigures[] = [];
  let fit: ScaleFit | undefined;
  let stop: Trace["stop"] | undefined;
  while (issued.length < limit) {
    const size = Math.min(n, limit - issued.length);
    const round = planRound({ n, issued, size, estimate: variant.adaptive ? fit : undefined, rng });
    for (const planned of round) {
      const pair = variant.positions === "coin-flip" && rng() < 0.5 ? { a: planned.b, b: planned.a } : planned;
      issued.push(pair);
      const verdict = probabilityJudge(truth, pair, judgeRng, undefined, variant.positionBias ?? 0);
      const p = variant.soft ? winnerProbability(verdict.confidence) : undefined;
      results.push({ winner: verdict.winner, loser: verdict.loser, ...(p === undefined ? {} : { winnerProbability: p }) });
    }
    fit = fitScale(n, results, fit ? { initialScores: fit.scores } : {});
    const perEssay = (2 * results.length) / n;
    const agreement = expectedRankAgreement(fit).spearman;
    const figures: RoundFigures = {
      perEssay,
      rho: spearman(fit.scores, truth),
      trueReliability: pearson(fit.scores, truth) ** 2,
      ssr: scaleSeparationReliability(fitBradleyTerry(n, results)),
      ssrScale: scaleSeparationReliability(fit),
      expectedRho: agreement,
      splitHalf: setup.splitHalfAt.includes(perEssay) ? splitHalfReliability(n, results, splitRng) : null,
    };
    rounds.push(figures);
    const decision = decideCompletion({
      validComparisons: results.length,
      budget,
      pendingCallbacks: 0,
      issuablePairs: budget - issued.length,
      expectedRankAgreement: agreement,
      minComparisonsPerItem: Math.min(...comparisonCounts(n, results)),
    }, setup.policy ?? DEFAULT_COMPLETION_POLICY);
    if (!stop && decision.kind === "finish") {
      stop = { ...figures, splitHalf: figures.splitHalf ?? splitHalfReliability(n, results, splitRng), reason: decision.reason };
    }
  }
  return { rounds, stop: stop ?? { ...rounds.at(-1)!, reason: "none" } };
}

/** Comparisons per essay after which Spearman stays at or above `target`; NaN if it never settles there. */
export function perEssayToReach(trace: Trace, target: number): number {
  let last = trace.rounds.length;
  while (last > 0 && trace.rounds[last - 1]!.rho >= target) last--;
  return last === trace.rounds.length ? Number.NaN : trace.rounds[last]!.perEssay;
}

/** The figures of the first round with at least `perEssay` comparisons per essay. */
export function roundAt(trace: Trace, perEssay: number): RoundFigures {
  return trace.rounds.find((r) => r.perEssay >= perEssay) ?? trace.rounds.at(-1)!;
}
