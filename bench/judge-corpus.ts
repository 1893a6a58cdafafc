/**
 * The offline judge on real human-scored essays, the way CJ uses it: class-sized batches of one
 * prompt, adaptive rounds planned by CJ's own pairing, soft outcomes from the judge's probability,
 * CJ's scale fit and completion rule. Prints, per prompt, the mean Spearman of the CJ ranking with
 * the human score beside essay length alone and (ASAP) rater vs rater, and the comparisons spent.
 *
 * The committed coefficients were fitted on all of these prompts, so this shows what CJ makes of
 * the judge, not held-out quality: the held-out (leave-one-prompt-out) figures come from
 * `bun scripts/fit-judge/fit-judge.ts --no-write`.
 *
 * It first times the judge on 100 essays: measuring a profile, Harper's grammar count (only when
 * the model weighs it), and a comparison of two measured essays (what a batch pays per pair once
 * each essay is cached).
 *
 *   bun bench/judge-corpus.ts [batchesPerPrompt=3]   # 0: the timing only
 */
import type { Comparison } from "../services/cj-assessment/src/domain/bradley-terry.ts";
import { comparisonCounts, DEFAULT_COMPLETION_POLICY, decideCompletion } from "../services/cj-assessment/src/domain/completion.ts";
import { type PlannedComparison, planRound } from "../services/cj-assessment/src/domain/pairing.ts";
import { createRng } from "../services/cj-assessment/src/domain/random.ts";
import { spearman } from "../services/cj-assessment/src/domain/ranking.ts";
import { expectedRankAgreement } from "../services/cj-assessment/src/domain/reliability.ts";
import { fitScale, type ScaleFit } from "../services/cj-assessment/src/domain/scale-fit.ts";
import { winnerProbability } from "../services/cj-assessment/src/domain/soft-outcome.ts";
import { createLocalJudge } from "../services/llm-provider/src/providers/local-judge.ts";
import { judgeModelFor } from "../services/llm-provider/src/providers/judge-models.ts";
import { loadTextResources } from "../services/llm-provider/src/providers/text-resources.ts";
import { measureEssay } from "../shared/text-analysis/essay-profile.ts";
import { createHarperCounter } from "../shared/text-analysis/harper-grammar.ts";
import { wordsOf } from "../shared/text-analysis/words.ts";
import { loadAsap, loadEllipse, type ScoredEssay, sharedDataDir } from "../scripts/fit-judge/real-essays.ts";

const BATCH = 30;
const MAX_PER_ESSAY = 20;
const batchesPerPrompt = Number(process.argv[2] ?? 3);

const dataDir = sharedDataDir();
if (!dataDir) {
  console.log("bench/judge-corpus: ../shared/data is not on this machine (set HULEEDU_SHARED_DATA); nothing to measure.");
  process.exit(0);
}
const judge = createLocalJudge();
const model = judgeModelFor("en");
const resources = await loadTextResources("en");
/** The judge's own ability per essay: what CJ's ranking converges to with enough comparisons. */
const abilityOf = (text: string) => model.ability(measureEssay(text, "en", resources));

async function runBatch(essays: readonly ScoredEssay[], seed: number) {
  const n = essays.length;
  const rng = createRng(seed);
  const budget = (n * (n - 1)) / 2;
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  let fit: ScaleFit | undefined;
  while (issued.length < Math.min(budget, (MAX_PER_ESSAY * n) / 2)) {
    const round = planRound({ n, issued, size: n, estimate: fit, rng });
    for (const pair of round) {
      issued.push(pair);
      const { result } = await judge.compare({
        essay_a: { id: String(pair.a), text: essays[pair.a]!.text },
        essay_b: { id: String(pair.b), text: essays[pair.b]!.text },
        instructions: "",
        language: "en",
      });
      const [winner, loser] = result.winner === "essay_a" ? [pair.a, pair.b] : [pair.b, pair.a];
      results.push({ winner, loser, winnerProbability: winnerProbability(result.confidence) });
    }
    fit = fitScale(n, results, fit ? { initialScores: fit.scores } : {});
    const decision = decideCompletion({
      validComparisons: results.length,
      budget,
      pendingCallbacks: 0,
      issuablePairs: budget - issued.length,
      expectedRankAgreement: expectedRankAgreement(fit).spearman,
      minComparisonsPerItem: Math.min(...comparisonCounts(n, results)),
    }, DEFAULT_COMPLETION_POLICY);
    if (decision.kind === "finish") break;
  }
  const human = essays.map((e) => e.score);
  const abilities = essays.map((e) => abilityOf(e.text));
  return {
    cj: spearman(fit!.scores, human),
    judgeAlone: spearman(abilities, human),
    cjVsJudge: spearman(fit!.scores, abilities),
    length: spearman(essays.map((e) => wordsOf(e.text).length), human),
    raters: essays[0]!.raters ? spearman(essays.map((e) => e.raters![0]), essays.map((e) => e.raters![1])) : Number.NaN,
    perEssay: (2 * results.length) / n,
  };
}

function sample(all: readonly ScoredEssay[], count: number, seed: number): ScoredEssay[] {
  const rng = createRng(seed);
  const pool = [...all];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

const essays = [...loadAsap(dataDir), ...loadEllipse(dataDir)];
await timeJudge(sample(essays, 100, 7));
if (batchesPerPrompt === 0) process.exit(0);

/** Milliseconds per essay to measure and to lint, and per comparison of two measured essays. */
async function timeJudge(timed: readonly ScoredEssay[]) {
  const count = createHarperCounter();
  await count("Warm up the linter.");
  let t = performance.now();
  for (const e of timed) measureEssay(e.text, "en", resources);
  const profileMs = (performance.now() - t) / timed.length;
  t = performance.now();
  for (const e of timed) await count(e.text);
  const harperMs = (performance.now() - t) / timed.length;
  const task = (a: ScoredEssay, b: ScoredEssay) => ({
    essay_a: { id: a.id, text: a.text }, essay_b: { id: b.id, text: b.text }, instructions: "", language: "en" as const,
  });
  for (let i = 1; i < timed.length; i++) await judge.compare(task(timed[i - 1]!, timed[i]!));
  t = performance.now();
  for (let i = 1; i < timed.length; i++) await judge.compare(task(timed[i]!, timed[i - 1]!));
  const compareMs = (performance.now() - t) / (timed.length - 1);
  const grammar = model.features.has("grammar_error_rate");
  console.log(`## Judge time on ${timed.length} essays`);
  console.log(`profile ${profileMs.toFixed(1)} ms/essay; Harper grammar count ${harperMs.toFixed(1)} ms/essay (${grammar ? "the model weighs it: paid once per essay" : "not weighed: not paid"}); a comparison of two measured essays ${compareMs.toFixed(2)} ms\n`);
}
const groups = [...new Set(essays.map((e) => e.group))].filter((g) => essays.filter((e) => e.group === g).length >= BATCH);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const f = (x: number) => (Number.isNaN(x) ? "–" : x.toFixed(3));
console.log(`## Offline judge through CJ's loop: ${batchesPerPrompt} batches of ${BATCH} per prompt (mean Spearman with the human score)`);
console.log("| prompt | CJ ranking | judge's own order | length alone | rater 1 vs 2 | CJ vs judge's order | comparisons per essay |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
function row(label: string, rows: readonly Awaited<ReturnType<typeof runBatch>>[]): string {
  const m = (k: "cj" | "judgeAlone" | "length" | "raters" | "cjVsJudge") => f(mean(rows.map((r) => r[k])));
  return `| ${label} | ${m("cj")} | ${m("judgeAlone")} | ${m("length")} | ${m("raters")} | ${m("cjVsJudge")} | ${mean(rows.map((r) => r.perEssay)).toFixed(1)} |`;
}
const ellipseRows: Awaited<ReturnType<typeof runBatch>>[] = [];
const started = performance.now();
for (const group of groups) {
  const members = essays.filter((e) => e.group === group);
  const rows = [];
  for (let b = 0; b < batchesPerPrompt; b++) rows.push(await runBatch(sample(members, BATCH, 1000 + b), 42 + b));
  if (group.startsWith("ellipse")) {
    ellipseRows.push(...rows);
    continue;
  }
  console.log(row(group, rows));
}
console.log(row(`ELLIPSE (${ellipseRows.length} batches over ${groups.filter((g) => g.startsWith("ellipse")).length} prompts)`, ellipseRows));
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
