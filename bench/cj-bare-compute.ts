// The compute floor of a CJ batch through the stack (issue 14): the same essays and prompt as
// bench/cj-stack-rounds.ts, CJ's own round loop (planRound, fitScale, expectedRankAgreement,
// decideCompletion) and the local judge called in process, one comparison after the other, with no
// bus, queue or database. Comparisons/s here is what the stack's figure is a ratio to.
// Run: bun bench/cj-bare-compute.ts [essays=300]
import type { Comparison } from "../services/cj-assessment/src/domain/bradley-terry.ts";
import { comparisonCounts, DEFAULT_COMPLETION_POLICY, decideCompletion } from "../services/cj-assessment/src/domain/completion.ts";
import { comparisonBudget, nextRoundSize, type PlannedComparison, planRound } from "../services/cj-assessment/src/domain/pairing.ts";
import { expectedRankAgreement } from "../services/cj-assessment/src/domain/reliability.ts";
import { fitScale, type ScaleFit } from "../services/cj-assessment/src/domain/scale-fit.ts";
import { winnerProbability } from "../services/cj-assessment/src/domain/soft-outcome.ts";
import { roundRng } from "../services/cj-assessment/src/handlers/advance-batch.ts";
import { createLocalJudge } from "../services/llm-provider/src/providers/local-judge.ts";
import { uniqueEssays } from "./support/teacher-load.ts";

const essays = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 300);
const prompt = "Should schools ban mobile phones? Argue your case.";
const instructions = "Write an argumentative essay.";
const judge = createLocalJudge();

async function runBatch(texts: readonly string[], seed: number) {
  const n = texts.length;
  // CJ's default budget: COMPARISONS_PER_ITEM (12) per item, each comparison counting for two.
  const budget = comparisonBudget(n, Math.ceil((n * 12) / 2));
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  let fit: ScaleFit | undefined;
  let judgeMs = 0;
  let cjMs = 0;
  for (let round = 1; ; round++) {
    let t = performance.now();
    const size = Math.min(nextRoundSize(n, budget, issued.length), budget - issued.length);
    const planned = planRound({ n, issued, size, ...(fit ? { estimate: fit } : {}), rng: roundRng(seed, round) });
    cjMs += performance.now() - t;
    if (planned.length === 0) break;
    t = performance.now();
    for (const pair of planned) {
      issued.push(pair);
      const { result } = await judge.compare({
        essay_a: { id: String(pair.a), text: texts[pair.a]! }, essay_b: { id: String(pair.b), text: texts[pair.b]! }, instructions, prompt_text: prompt, language: "en",
      });
      const [winner, loser] = result.winner === "essay_a" ? [pair.a, pair.b] : [pair.b, pair.a];
      results.push({ winner, loser, winnerProbability: winnerProbability(result.confidence) });
    }
    judgeMs += performance.now() - t;
    t = performance.now();
    fit = fitScale(n, results, fit ? { initialScores: fit.scores } : {});
    const decision = decideCompletion({
      validComparisons: results.length, budget, pendingCallbacks: 0, issuablePairs: (n * (n - 1)) / 2 - issued.length,
      expectedRankAgreement: expectedRankAgreement(fit).spearman, minComparisonsPerItem: Math.min(...comparisonCounts(n, results)),
    }, DEFAULT_COMPLETION_POLICY);
    cjMs += performance.now() - t;
    if (decision.kind === "finish") return { comparisons: results.length, rounds: round, judgeMs, cjMs };
  }
  return { comparisons: results.length, rounds: 0, judgeMs, cjMs };
}

// As the stack bench does: a small batch first, so the grammar checker is compiled.
await runBatch(uniqueEssays(12, 7), 1);
const started = performance.now();
const cpu = process.cpuUsage();
const run = await runBatch(uniqueEssays(essays, 0), 2);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
console.log(`bare compute, ${essays} essays in process (local judge + CJ's round loop, one core):`);
console.log(`${run.comparisons} comparisons in ${run.rounds} rounds, ${(ms / 1000).toFixed(2)} s = ${Math.round(run.comparisons / (ms / 1000))} comparisons/s`);
console.log(`  CPU time ${cpuMs.toFixed(0)} ms = ${((1000 * cpuMs) / run.comparisons).toFixed(0)} µs per comparison (the grammar checker may use other threads)`);
console.log(`  judge (essay profiles measured once each, then every verdict): ${run.judgeMs.toFixed(0)} ms; CJ planning + fits: ${run.cjMs.toFixed(0)} ms`);
