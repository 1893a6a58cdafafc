// CJ's compute for one batch with nothing around it: the service's round loop (plan a round, judge
// every pair, refit with a warm start, decide completion) run in this one process, the local judge
// called directly and awaited pair by pair. What a 1,000-essay batch costs at the least; the
// full-stack figure is divided by it (bench/single-large-batch.ts).
import { type Comparison } from "../../services/cj-assessment/src/domain/bradley-terry.ts";
import { comparisonCounts, DEFAULT_COMPLETION_POLICY, decideCompletion } from "../../services/cj-assessment/src/domain/completion.ts";
import { comparisonBudget, nextRoundSize, type PlannedComparison, planRound } from "../../services/cj-assessment/src/domain/pairing.ts";
import { createRng } from "../../services/cj-assessment/src/domain/random.ts";
import { expectedRankAgreement } from "../../services/cj-assessment/src/domain/reliability.ts";
import { fitScale, type ScaleFit } from "../../services/cj-assessment/src/domain/scale-fit.ts";
import { winnerProbability } from "../../services/cj-assessment/src/domain/soft-outcome.ts";
import { createLocalJudge } from "../../services/llm-provider/src/providers/local-judge.ts";

/** The service's default: ⌈items × COMPARISONS_PER_ITEM / 2⌉ with COMPARISONS_PER_ITEM = 12. */
const COMPARISONS_PER_ITEM = 12;

export interface BareCjTimings {
  comparisons: number;
  rounds: number;
  /** Judge calls in the first round (each essay measured once, then cached) and in the later ones. */
  firstRoundJudgeMs: number;
  laterJudgeMs: number;
  planMs: number;
  fitMs: number;
  totalMs: number;
}

/** One batch of `texts` through CJ's loop with the local judge, timed per part. */
export async function bareCjCompute(texts: readonly string[], promptText: string, instructions: string, seed = 20240601): Promise<BareCjTimings> {
  const judge = createLocalJudge();
  const n = texts.length;
  const budget = comparisonBudget(n, Math.ceil((n * COMPARISONS_PER_ITEM) / 2));
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  const t: BareCjTimings = { comparisons: 0, rounds: 0, firstRoundJudgeMs: 0, laterJudgeMs: 0, planMs: 0, fitMs: 0, totalMs: 0 };
  const start = performance.now();
  let fit: ScaleFit | undefined;
  for (;;) {
    let t0 = performance.now();
    const size = Math.min(nextRoundSize(n, budget, issued.length), (n * (n - 1)) / 2 - issued.length);
    const round = planRound({ n, issued, size, ...(fit ? { estimate: fit } : {}), rng: createRng((seed + t.rounds) >>> 0) });
    t.planMs += performance.now() - t0;
    if (round.length === 0) break;
    t.rounds++;
    t0 = performance.now();
    for (const pair of round) {
      issued.push(pair);
      const { result } = await judge.compare({
        essay_a: { id: String(pair.a), text: texts[pair.a]! },
        essay_b: { id: String(pair.b), text: texts[pair.b]! },
        prompt_text: promptText,
        instructions,
        language: "en",
      });
      const [winner, loser] = result.winner === "essay_a" ? [pair.a, pair.b] : [pair.b, pair.a];
      results.push({ winner, loser, winnerProbability: winnerProbability(result.confidence) });
    }
    const judged = performance.now() - t0;
    if (t.rounds === 1) t.firstRoundJudgeMs += judged;
    else t.laterJudgeMs += judged;
    t0 = performance.now();
    fit = fitScale(n, results, fit ? { initialScores: fit.scores } : {});
    const decision = decideCompletion({
      validComparisons: results.length,
      budget,
      pendingCallbacks: 0,
      issuablePairs: (n * (n - 1)) / 2 - issued.length,
      expectedRankAgreement: expectedRankAgreement(fit).spearman,
      minComparisonsPerItem: Math.min(...comparisonCounts(n, results)),
    }, DEFAULT_COMPLETION_POLICY);
    t.fitMs += performance.now() - t0;
    if (decision.kind === "finish") break;
  }
  t.comparisons = results.length;
  t.totalMs = performance.now() - start;
  return t;
}
