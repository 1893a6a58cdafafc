/**
 * The local feedback writer on ELLIPSE learner essays with six human analytic scores: how often the
 * essay's weakest human-scored dimension is among our focus areas, beside chance and beside always
 * naming the most common weakness; and the rank correlation of each dimension's human score with our
 * evidence for it. Weights are fitted on the even-numbered prompts (scripts/fit-feedback); the
 * figures here are on the odd-numbered ones unless `--all`.
 *
 *   bun bench/feedback-ellipse.ts [--all]
 */
import { spearman } from "../services/cj-assessment/src/domain/ranking.ts";
import type { FeedbackDimension, StructuredFeedback } from "../shared/contracts/feedback.ts";
import { misquotedSpans, quotedSpans } from "../shared/contracts/feedback.ts";
import { standings } from "../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { DIMENSION_SIGNALS, essaySignals } from "../services/llm-provider/src/domain/feedback-writer/signals.ts";
import { wordChoices } from "../services/llm-provider/src/domain/feedback-writer/word-choice.ts";
import { writeStructuredFeedback, type WrittenFeedback } from "../services/llm-provider/src/domain/feedback-writer/write-feedback.ts";
import { feedbackModel } from "../services/llm-provider/src/providers/feedback-model.ts";
import { ELLIPSE_DIMENSIONS, type EllipseDimension, type EllipseEssay, splitPrompts } from "./support/ellipse-feedback-corpus.ts";
import { prepareEllipse, type PreparedEssay } from "./support/ellipse-feedback-inputs.ts";

const lower = (d: EllipseDimension) => d.toLowerCase() as FeedbackDimension;
const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);
/** Chance that k of the six dimensions drawn at random include one of t tied weakest ones. */
const chanceOf = (k: number, t: number) => 1 - choose(6 - t, Math.min(6, k)) / choose(6, Math.min(6, k));

export interface EssayOutcome {
  readonly essay: EllipseEssay;
  readonly written: WrittenFeedback;
  readonly weakest: FeedbackDimension[];
}

export function weakestOf(essay: EllipseEssay): FeedbackDimension[] {
  const min = Math.min(...ELLIPSE_DIMENSIONS.map((d) => essay.scores[d]));
  return ELLIPSE_DIMENSIONS.filter((d) => essay.scores[d] === min).map(lower);
}

export function writeAll(prepared: readonly PreparedEssay[]): EssayOutcome[] {
  const model = feedbackModel();
  return prepared.map((p) => ({ essay: p.essay, written: writeStructuredFeedback({ ...p.input, model }), weakest: weakestOf(p.essay) }));
}

/** Quotes not verbatim in their essay, over all outcomes. */
export function misquotes(outcomes: readonly EssayOutcome[]): { quotes: number; misquoted: Array<{ id: string; text: string }> } {
  let quotes = 0;
  const misquoted: Array<{ id: string; text: string }> = [];
  for (const o of outcomes) {
    quotes += quotedSpans(o.written.feedback).length;
    for (const q of misquotedSpans(o.written.feedback, o.essay.text)) misquoted.push({ id: o.essay.id, text: q.text });
  }
  return { quotes, misquoted };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function hitRates(outcomes: readonly EssayOutcome[], pick: (o: EssayOutcome) => readonly FeedbackDimension[]) {
  const hits = outcomes.map((o) => (pick(o).some((d) => o.weakest.includes(d)) ? 1 : 0));
  const chance = outcomes.map((o) => chanceOf(pick(o).length, o.weakest.length));
  const uniq = outcomes.filter((o) => o.weakest.length === 1);
  return {
    hit: mean(hits), chance: mean(chance),
    uniqueHit: mean(uniq.map((o) => (pick(o).includes(o.weakest[0]!) ? 1 : 0))), uniqueChance: mean(uniq.map((o) => Math.min(6, pick(o).length) / 6)),
  };
}

/** The dimensions weakest most often (ties shared), most common first. */
function commonWeakness(outcomes: readonly EssayOutcome[]): FeedbackDimension[] {
  const count = new Map<FeedbackDimension, number>();
  for (const o of outcomes) for (const d of o.weakest) count.set(d, (count.get(d) ?? 0) + 1 / o.weakest.length);
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
}

function report(outcomes: readonly EssayOutcome[], fitOutcomes: readonly EssayOutcome[], label: string, prepared: ReadonlyMap<string, PreparedEssay>) {
  const ellipse = new Set(ELLIPSE_DIMENSIONS.map(lower));
  const focus = (o: EssayOutcome) => o.written.feedback.focus_areas.map((f) => f.dimension);
  const topK = (k: number) => (o: EssayOutcome) => o.written.ranking.filter((r) => ellipse.has(r.dimension)).slice(0, k).map((r) => r.dimension);
  const global = commonWeakness(fitOutcomes);
  const batchKey = (o: EssayOutcome) => o.essay.prompt;
  const byBatch = new Map<string, EssayOutcome[]>();
  for (const o of outcomes) byBatch.set(batchKey(o), [...(byBatch.get(batchKey(o)) ?? []), o]);
  const batchCommon = new Map([...byBatch].map(([k, os]) => [k, commonWeakness(os)]));
  const k = mean(outcomes.map((o) => focus(o).length));
  console.log(`\n## ${label}: ${outcomes.length} essays, ${byBatch.size} prompts (mean ${k.toFixed(2)} focus areas; ${outcomes.filter((o) => o.weakest.length === 1).length} with one weakest dimension, the rest tied)\n`);
  console.log("| what is named | weakest among them (ties count) | chance | × chance | unique weakest only | chance |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  const row = (name: string, pick: (o: EssayOutcome) => readonly FeedbackDimension[]) => {
    const r = hitRates(outcomes, pick);
    console.log(`| ${name} | ${pct(r.hit)} | ${pct(r.chance)} | ${(r.hit / r.chance).toFixed(2)} | ${pct(r.uniqueHit)} | ${pct(r.uniqueChance)} |`);
  };
  row("our first focus area", (o) => focus(o).slice(0, 1));
  row("all our focus_areas (as delivered)", focus);
  for (const n of [1, 2, 3]) row(`our top ${n} ELLIPSE dimension${n > 1 ? "s" : ""} (model ranking)`, topK(n));
  for (const n of [1, 2]) row(`always the fit prompts' ${n} most common weakness${n > 1 ? "es" : ""}`, () => global.slice(0, n));
  for (const n of [1, 2]) row(`always the batch's own ${n} most common weakness${n > 1 ? "es" : ""} (oracle)`, (o) => batchCommon.get(batchKey(o))!.slice(0, n));
  console.log("\n| dimension | Spearman(human score, our evidence) | Spearman(score − essay mean, model) | named as focus | weakest (human) |");
  console.log("| --- | --- | --- | --- | --- |");
  const model = feedbackModel();
  for (const d of ELLIPSE_DIMENSIONS) {
    const human = outcomes.map((o) => o.essay.scores[d]);
    const evidence = outcomes.map((o) => {
      const p = prepared.get(o.essay.id)!.input;
      const st = standings(essaySignals({ profile: p.profile, metrics: p.metrics, correctionCount: p.correctionCount, wordChoiceCount: wordChoices(p.essay, "en").length }), "en", model, p.batchNorms);
      return mean(DIMENSION_SIGNALS[lower(d)].map((s) => st.get(s)?.orientedZ).filter((z): z is number => z !== undefined));
    });
    const relative = outcomes.map((o) => o.essay.scores[d] - mean(ELLIPSE_DIMENSIONS.map((x) => o.essay.scores[x])));
    const predicted = outcomes.map((o) => o.written.ranking.find((r) => r.dimension === lower(d))?.score ?? 0);
    const named = mean(outcomes.map((o) => (focus(o).includes(lower(d)) ? 1 : 0)));
    const weakest = mean(outcomes.map((o) => (o.weakest.includes(lower(d)) ? 1 / o.weakest.length : 0)));
    console.log(`| ${d} | ${spearman(human, evidence).toFixed(3)} | ${spearman(relative, predicted).toFixed(3)} | ${pct(named)} | ${pct(weakest)} |`);
  }
  const others = mean(outcomes.map((o) => focus(o).filter((d) => !ellipse.has(d)).length));
  const withExample = outcomes.flatMap((o) => o.written.feedback.focus_areas).map((f) => (f.examples.length > 0 ? 1 : 0));
  const q = misquotes(outcomes);
  console.log(`\nnon-ELLIPSE focus areas per essay (development, organisation, relevance): ${others.toFixed(2)}; focus areas with a quoted example: ${pct(mean(withExample))}; quotes ${q.quotes}, not verbatim ${q.misquoted.length}`);
}

if (import.meta.main) {
  const data = await prepareEllipse();
  if (!data) {
    console.log("bench/feedback-ellipse: ../shared/data/essays/ellipse-dev-prompts.csv is not on this machine (set HULEEDU_SHARED_DATA); nothing to measure.");
    process.exit(0);
  }
  const { fit, measure } = splitPrompts(data.prepared.map((p) => p.essay));
  const outcomes = writeAll(data.prepared);
  const byId = new Map(data.prepared.map((p) => [p.essay.id, p]));
  const fitOutcomes = outcomes.filter((o) => fit.has(o.essay.prompt));
  report(outcomes.filter((o) => measure.has(o.essay.prompt)), fitOutcomes, "held-out prompts (weights fitted on the other half)", byId);
  if (process.argv.includes("--all")) report(fitOutcomes, fitOutcomes, "fit prompts (in-sample)", byId);
  const sample: StructuredFeedback | undefined = outcomes.find((o) => measure.has(o.essay.prompt))?.written.feedback;
  if (process.argv.includes("--show") && sample) console.log(JSON.stringify(sample, null, 1));
}
