// Grade projection on real human-scored essays (../shared/data, read at run time, never copied).
// Per prompt: batches of 30 essays plus k anchors per band drawn from the prompt's other essays,
// compared in-process by the local judge (createLocalJudge().compare) on random-then-adaptive
// pairs (~12 comparisons per item), its confidence a soft outcome and the spread-estimating
// Bradley–Terry fit (fitScale) as the service uses them, projectBatchGrades. The same batches are
// also judged by a perfect judge (the human score decides, ties by coin) to separate judge error
// from projection error. Baseline: the grade of the anchor nearest in length.
// Run: bun bench/grade-projection-corpus.ts [batches per ASAP prompt, default 3] [--quick | --judge=local|perfect]
import path from "node:path";
import type { Comparison } from "../services/cj-assessment/src/domain/bradley-terry.ts";
import { fitScale, type ScaleFit } from "../services/cj-assessment/src/domain/scale-fit.ts";
import { winnerProbability } from "../services/cj-assessment/src/domain/soft-outcome.ts";
import { projectBatchGrades } from "../services/cj-assessment/src/domain/grade-projection.ts";
import { getGradeScale, NUMERIC_RANGE_PER_SD } from "../services/cj-assessment/src/domain/grade-scales.ts";
import { nextRoundSize, planRound, type PlannedComparison } from "../services/cj-assessment/src/domain/pairing.ts";
import { createRng, shuffle, type Rng } from "../services/cj-assessment/src/domain/random.ts";
import { createLocalJudge } from "../services/llm-provider/src/providers/local-judge.ts";
import { agreementRate, quadraticWeightedKappa } from "../scripts/corpus/agreement.ts";
import { expectedCalibrationError } from "../scripts/corpus/calibration.ts";
import { midpointBandGrades } from "./support/midpoint-bands.ts";
import { type GradedEssay, type GradedPrompt, loadGradedPrompts, sharedDataDir } from "./support/graded-corpus.ts";

const BATCH = 30;
const COMPARISONS_PER_ITEM = 12;
const ASAP_BATCHES = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const QUICK = process.argv.includes("--quick");
const ANCHORS_PER_BAND = [1, 3];
type JudgeName = "local" | "perfect";
const ONLY = process.argv.find((a) => a.startsWith("--judge="))?.slice("--judge=".length);
// --quick: the perfect judge only (seconds); --judge=local|perfect: one judge.
const JUDGES: readonly JudgeName[] = QUICK ? ["perfect"] : ONLY === "local" || ONLY === "perfect" ? [ONLY] : ["local", "perfect"];

interface Graded {
  human: number;
  predicted: number;
  confidence: number;
  uncertain: boolean;
  baseline: number;
  /** The previous projection (midpoint bands between anchor centres). */
  previous: number;
  /** The same projection with the former numeric prior (SD range/4), and its confidence. */
  wide: number;
  wideConfidence: number;
}

const localJudge = createLocalJudge();

/** Anchors: k per band, from essays outside the batch. Bands: each grade on short scales, else score quintiles. */
function drawAnchors(pool: readonly GradedEssay[], prompt: GradedPrompt, k: number, rng: Rng): GradedEssay[] {
  const shuffled = shuffle(rng, [...pool]);
  const bands = new Map<number, GradedEssay[]>();
  const sorted = [...pool].map((e) => e.score).sort((a, b) => a - b);
  const quintile = (s: number) => Math.min(4, Math.floor((5 * sorted.filter((x) => x < s).length) / sorted.length));
  for (const e of shuffled) {
    const band = prompt.max - prompt.min <= 5 ? e.score : quintile(e.score);
    const list = bands.get(band) ?? [];
    if (list.length < k) list.push(e);
    bands.set(band, list);
  }
  return [...bands.values()].flat();
}

async function judgeBatch(items: readonly GradedEssay[], judge: JudgeName, prompt: GradedPrompt, rng: Rng): Promise<ScaleFit> {
  const n = items.length;
  const budget = Math.ceil((n * COMPARISONS_PER_ITEM) / 2);
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  let fit: ScaleFit | undefined;
  while (issued.length < budget) {
    const round = planRound({ n, issued, size: nextRoundSize(n, budget, issued.length), estimate: fit, rng });
    if (round.length === 0) break;
    const verdicts = await Promise.all(round.map(async ({ a, b }) => {
      if (judge === "perfect") {
        const d = items[a]!.score - items[b]!.score;
        return { aWins: d > 0 || (d === 0 && rng() < 0.5), confidence: undefined };
      }
      const call = await localJudge.compare({
        essay_a: { id: String(a), text: items[a]!.text }, essay_b: { id: String(b), text: items[b]!.text },
        prompt_text: null, instructions: prompt.name.replace(/^(ELLIPSE|ASAP) /, ""), language: "en",
      });
      return { aWins: call.result.winner === "essay_a", confidence: winnerProbability(call.result.confidence) };
    }));
    round.forEach(({ a, b }, i) => {
      const { aWins, confidence } = verdicts[i]!;
      issued.push({ a, b });
      // As the service does (CJ_SOFT_OUTCOMES on): the judge's confidence is a fractional win.
      results.push({ ...(aWins ? { winner: a, loser: b } : { winner: b, loser: a }), ...(confidence === undefined ? {} : { winnerProbability: confidence }) });
    });
    fit = fitScale(n, results, fit ? { initialScores: fit.scores } : {});
  }
  return fit!;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

async function runPrompt(prompt: GradedPrompt, k: number, judge: JudgeName): Promise<Graded[]> {
  const rng = createRng(1000 + k);
  const scale = getGradeScale(prompt.gradeScale)!;
  const essays = shuffle(rng, [...prompt.essays]);
  const batches = prompt.name.startsWith("ASAP") ? ASAP_BATCHES : 1;
  const out: Graded[] = [];
  for (let b = 0; b < batches; b++) {
    // Small ELLIPSE prompts: the batch is what is left after reserving anchors (about half).
    const size = Math.min(BATCH, essays.length - 5 * k, Math.floor(essays.length / 2) + 5);
    const batch = essays.slice(b * size, (b + 1) * size);
    const pool = essays.filter((e) => !batch.includes(e));
    const anchors = drawAnchors(pool, prompt, k, rng);
    const items = [...batch, ...anchors];
    const fit = await judgeBatch(items, judge, prompt, createRng(77 + b));
    const anchorGrades = anchors.map((a, i) => ({ item: batch.length + i, grade: String(a.score) }));
    const projection = projectBatchGrades(fit, anchorGrades, scale, batch.map((_, i) => i));
    const wide = projectBatchGrades(fit, anchorGrades, { ...scale, usualDistribution: bell(prompt.min, prompt.max, 4) }, batch.map((_, i) => i)).projections;
    const previous = midpointBandGrades(fit.scores, anchorGrades.map((a) => ({ score: fit.scores[a.item]!, grade: scale.grades.indexOf(a.grade) })));
    projection.projections.forEach((p) => {
      const essay = batch[p.item]!;
      const nearest = anchors.reduce((best, a) => (Math.abs(words(a.text) - words(essay.text)) < Math.abs(words(best.text) - words(essay.text)) ? a : best));
      const former = wide[p.item]!;
      out.push({
        human: essay.score, predicted: Number(p.grade), previous: scale.grades.map(Number)[previous[p.item]!]!, confidence: p.confidence, uncertain: p.uncertain,
        baseline: nearest.score, wide: Number(former.grade), wideConfidence: former.confidence,
      });
    });
  }
  return out;
}

function row(label: string, prompt: { min: number; max: number }, graded: readonly Graded[]): string {
  const human = graded.map((g) => g.human);
  const predicted = graded.map((g) => g.predicted);
  // Kappa is undefined when the expected disagreement is zero (everyone in one band): count that as 1.
  const kappa = (of: readonly number[]) => quadraticWeightedKappa(human, of, prompt) ?? 1;
  const qwk = kappa(predicted);
  const base = kappa(graded.map((g) => g.baseline));
  const previous = kappa(graded.map((g) => g.previous));
  const ece = expectedCalibrationError(graded.map((g) => ({ confidence: g.confidence, correct: g.predicted === g.human }))) ?? 0;
  const wideEce = expectedCalibrationError(graded.map((g) => ({ confidence: g.wideConfidence, correct: g.wide === g.human }))) ?? 0;
  const wide = graded.map((g) => g.wide);
  const agreement = (within: number) => agreementRate(human, predicted, within) ?? 0;
  const flagged = graded.filter((g) => g.uncertain).length / graded.length;
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const wideCells = `${kappa(wide).toFixed(2)} / ${pct(agreementRate(human, wide, 0) ?? 0)} / ${pct(agreementRate(human, wide, 1) ?? 0)} / ${wideEce.toFixed(3)}`;
  return `| ${label} | ${graded.length} | ${qwk.toFixed(2)} | ${pct(agreement(0))} | ${pct(agreement(1))} | ${ece.toFixed(3)} | ${pct(flagged)} | ${wideCells} | ${previous.toFixed(2)} | ${base.toFixed(2)} |`;
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(import.meta.dir, "..");
  const dir = sharedDataDir(repoRoot);
  const { prompts, missing } = loadGradedPrompts(dir, 20);
  for (const m of missing) console.log(`data absent: ${m} (set HULEEDU_SHARED_DATA or put ../shared/data beside the repo)`);
  if (prompts.length === 0) {
    console.log("no graded essays found: nothing measured");
    return;
  }
  console.log(`grade projection on ${prompts.length} prompts from ${dir}; batches of ${BATCH} (+ anchors), ${COMPARISONS_PER_ITEM} comparisons per item`);
  printPriorWidth(prompts);
  for (const judge of JUDGES) {
    for (const k of ANCHORS_PER_BAND) {
      console.log(`\n### judge: ${judge}, ${k} anchor(s) per band`);
      console.log("| prompt | essays | QWK | exact | adjacent | ECE | flagged | range/4 prior: QWK / exact / adjacent / ECE | QWK previous midpoint bands | QWK nearest-length anchor |");
      console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      const ellipse: Graded[] = [];
      for (const prompt of prompts) {
        const started = performance.now();
        const graded = await runPrompt(prompt, k, judge);
        if (prompt.name.startsWith("ELLIPSE")) ellipse.push(...graded);
        console.log(`${row(prompt.name, prompt, graded)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      if (ellipse.length > 0) console.log(row("**ELLIPSE pooled**", { min: 1, max: 5 }, ellipse));
    }
  }
}

/** The numeric prior's bell, SD = range / rangePerSd (as grade-scales.ts builds it). */
function bell(min: number, max: number, rangePerSd: number): number[] {
  const sd = Math.max((max - min) / rangePerSd, 0.5);
  const w = Array.from({ length: max - min + 1 }, (_, k) => Math.exp(-0.5 * ((k - (max - min) / 2) / sd) ** 2));
  const total = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / total);
}

/**
 * The one fitted constant (NUMERIC_RANGE_PER_SD), checked leave-one-prompt-out: for each prompt,
 * the median range/SD of the human scores of the other prompts, i.e. what the width would be had
 * that prompt been held out.
 */
function printPriorWidth(prompts: readonly GradedPrompt[]): void {
  const ratio = prompts.map((p) => {
    const mean = p.essays.reduce((s, e) => s + e.score, 0) / p.essays.length;
    const sd = Math.sqrt(p.essays.reduce((s, e) => s + (e.score - mean) ** 2, 0) / (p.essays.length - 1));
    return (p.max - p.min) / sd;
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const held = prompts.map((_, i) => median(ratio.filter((_, j) => j !== i)));
  console.log(`human range/SD per prompt ${Math.min(...ratio).toFixed(1)}–${Math.max(...ratio).toFixed(1)}, median ${median(ratio).toFixed(2)}; `
    + `leave-one-prompt-out medians ${Math.min(...held).toFixed(2)}–${Math.max(...held).toFixed(2)} → shipped NUMERIC_RANGE_PER_SD = ${NUMERIC_RANGE_PER_SD}`);
}

await main();
