/**
 * The local feedback writer on ELLIPSE learner essays with six human analytic scores (issue 17): how
 * often the essay's weakest human-scored dimension is among our focus areas, for k = 1 (the first)
 * and k = as many as we emit, beside chance k/6, tie-aware chance, and always naming the most common
 * weakness; and the rank correlation of each dimension's human score with our evidence for it.
 *
 * Held out by prompt: each prompt's essays are written with a model fitted (scripts/fit-feedback,
 * the committed settings) on the other prompts. The committed model is also measured on the prompts
 * it was not fitted on, if any; `--all` adds it in-sample.
 *
 *   bun bench/feedback-ellipse.ts [--all] [--show]
 */
import { spearman } from "../services/cj-assessment/src/domain/ranking.ts";
import type { FeedbackDimension, StructuredFeedback } from "../shared/contracts/feedback.ts";
import { misquotedSpans, quotedSpans } from "../shared/contracts/feedback.ts";
import { type FeedbackModel, standings } from "../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { DIMENSION_SIGNALS, essaySignals } from "../services/llm-provider/src/domain/feedback-writer/signals.ts";
import { wordChoices } from "../services/llm-provider/src/domain/feedback-writer/word-choice.ts";
import { writeStructuredFeedback, type WrittenFeedback } from "../services/llm-provider/src/domain/feedback-writer/write-feedback.ts";
import { feedbackModel } from "../services/llm-provider/src/providers/feedback-model.ts";
import { fitFeedbackModel } from "../scripts/fit-feedback/weakest-model.ts";
import { batchesOf, ELLIPSE_DIMENSIONS, type EllipseDimension, type EllipseEssay } from "./support/ellipse-feedback-corpus.ts";
import { prepareEllipse, type PreparedEssay } from "./support/ellipse-feedback-inputs.ts";
import { commonWeakness, HIT_TABLE_HEADER, hitRates, hitRow } from "./support/feedback-hit-rates.ts";

const lower = (d: EllipseDimension) => d.toLowerCase() as FeedbackDimension;
const ELLIPSE: ReadonlySet<FeedbackDimension> = new Set(ELLIPSE_DIMENSIONS.map(lower));

export interface EssayOutcome {
  readonly essay: EllipseEssay;
  readonly written: WrittenFeedback;
  readonly weakest: FeedbackDimension[];
  readonly model: FeedbackModel;
}

export function weakestOf(essay: EllipseEssay): FeedbackDimension[] {
  const min = Math.min(...ELLIPSE_DIMENSIONS.map((d) => essay.scores[d]));
  return ELLIPSE_DIMENSIONS.filter((d) => essay.scores[d] === min).map(lower);
}

/** The writer's feedback on every essay, with one model (the committed one unless given). */
export function writeAll(prepared: readonly PreparedEssay[], model: FeedbackModel = feedbackModel()): EssayOutcome[] {
  return prepared.map((p) => ({ essay: p.essay, written: writeStructuredFeedback({ ...p.input, model }), weakest: weakestOf(p.essay), model }));
}

/** Every prompt's essays written with a model fitted on the other prompts. */
export function writeHeldOut(prepared: readonly PreparedEssay[]): EssayOutcome[] {
  const prompts = [...new Set(prepared.map((p) => p.essay.prompt))].sort();
  return prompts.flatMap((prompt) => {
    const others = prompts.filter((q) => q !== prompt);
    const model = fitFeedbackModel(prepared.filter((p) => p.essay.prompt !== prompt), others);
    return writeAll(prepared.filter((p) => p.essay.prompt === prompt), model);
  });
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

interface Context {
  /** Essays of the prompts each outcome's model was fitted on (for the "most common weakness" baseline). */
  readonly fitEssays: (o: EssayOutcome) => readonly EssayOutcome[];
  /** The class batch (≤ 30 essays of one prompt, as norms are computed) each essay was in. */
  readonly batchOf: ReadonlyMap<string, number>;
  readonly prepared: ReadonlyMap<string, PreparedEssay>;
}

function report(label: string, outcomes: readonly EssayOutcome[], ctx: Context) {
  const focus = (o: EssayOutcome) => o.written.feedback.focus_areas.map((f) => f.dimension);
  const topK = (o: EssayOutcome, k: number) => o.written.ranking.filter((r) => ELLIPSE.has(r.dimension)).slice(0, k).map((r) => r.dimension);
  const fitCommon = new Map<FeedbackModel, FeedbackDimension[]>();
  const common = (o: EssayOutcome) => fitCommon.get(o.model) ?? fitCommon.set(o.model, commonWeakness(ctx.fitEssays(o))).get(o.model)!;
  const batches = new Map<number, EssayOutcome[]>();
  for (const o of outcomes) batches.set(ctx.batchOf.get(o.essay.id)!, [...(batches.get(ctx.batchOf.get(o.essay.id)!) ?? []), o]);
  const batchCommon = new Map([...batches].map(([b, os]) => [b, commonWeakness(os)]));
  const own = (o: EssayOutcome) => batchCommon.get(ctx.batchOf.get(o.essay.id)!)!;
  const prompts = new Set(outcomes.map((o) => o.essay.prompt)).size;
  const unique = outcomes.filter((o) => o.weakest.length === 1).length;
  console.log(`\n## ${label}: ${outcomes.length} essays, ${prompts} prompts, ${batches.size} class batches (${unique} essays with one weakest dimension, the rest tied: ${mean(outcomes.map((o) => o.weakest.length)).toFixed(2)} tied on average)\n`);
  console.log(HIT_TABLE_HEADER);
  const rows: Array<[string, string, (o: EssayOutcome) => readonly FeedbackDimension[]]> = [
    ["1", "**our first focus area**", (o) => focus(o).slice(0, 1)],
    ["1", "our model's weakest ELLIPSE dimension (its ranking, before eligibility rules)", (o) => topK(o, 1)],
    ["1", "always the fit prompts' most common weakness", (o) => common(o).slice(0, 1)],
    ["1", "always the batch's own most common weakness (oracle: reads the batch's human scores)", (o) => own(o).slice(0, 1)],
    ["as emitted", "**all our focus areas, as delivered**", focus],
    ["as emitted", "the fit prompts' k most common weaknesses (k = ours for the essay)", (o) => common(o).slice(0, focus(o).length)],
    ["as emitted", "the batch's own k most common weaknesses (oracle; k = ours)", (o) => own(o).slice(0, focus(o).length)],
    ["2", "our model's 2 weakest ELLIPSE dimensions", (o) => topK(o, 2)],
    ["2", "the fit prompts' 2 most common weaknesses", (o) => common(o).slice(0, 2)],
    ["3", "our model's 3 weakest ELLIPSE dimensions", (o) => topK(o, 3)],
  ];
  for (const [k, name, pick] of rows) console.log(hitRow(k, name, hitRates(outcomes, pick)));
  console.log(`\nbaseline "fit prompts' most common weakness": ${[...new Set(outcomes.map((o) => common(o)[0]))].join(", ")}`);

  console.log("\n| dimension | Spearman(human score, our evidence) | Spearman(score − essay mean, model) | named as focus | weakest (human, ties shared) |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const d of ELLIPSE_DIMENSIONS) {
    const human = outcomes.map((o) => o.essay.scores[d]);
    const evidence = outcomes.map((o) => {
      const p = ctx.prepared.get(o.essay.id)!.input;
      const signals = essaySignals({ profile: p.profile, metrics: p.metrics, correctionCount: p.correctionCount, wordChoiceCount: wordChoices(p.essay, "en").length });
      const st = standings(signals, "en", o.model, p.batchNorms);
      return mean(DIMENSION_SIGNALS[lower(d)].map((s) => st.get(s)?.orientedZ).filter((z): z is number => z !== undefined));
    });
    const relative = outcomes.map((o) => o.essay.scores[d] - mean(ELLIPSE_DIMENSIONS.map((x) => o.essay.scores[x])));
    // Higher ranking score is stronger, as is a higher relative human score.
    const predicted = outcomes.map((o) => o.written.ranking.find((r) => r.dimension === lower(d))?.score ?? 0);
    const named = mean(outcomes.map((o) => (focus(o).includes(lower(d)) ? 1 : 0)));
    const weakest = mean(outcomes.map((o) => (o.weakest.includes(lower(d)) ? 1 / o.weakest.length : 0)));
    console.log(`| ${d} | ${spearman(human, evidence).toFixed(3)} | ${spearman(relative, predicted).toFixed(3)} | ${pct(named)} | ${pct(weakest)} |`);
  }
  const others = mean(outcomes.map((o) => focus(o).filter((d) => !ELLIPSE.has(d)).length));
  const withExample = outcomes.flatMap((o) => o.written.feedback.focus_areas).map((f) => (f.examples.length > 0 ? 1 : 0));
  const q = misquotes(outcomes);
  console.log(`\nnon-ELLIPSE focus areas per essay (development, organisation, relevance; counted as misses): ${others.toFixed(2)}; focus areas with a quoted example: ${pct(mean(withExample))}; quotes ${q.quotes}, not verbatim ${q.misquoted.length}`);
}

if (import.meta.main) {
  const data = await prepareEllipse();
  if (!data) {
    console.log("bench/feedback-ellipse: ../shared/data/essays/ellipse-dev-prompts.csv is not on this machine (set HULEEDU_SHARED_DATA); nothing to measure.");
    process.exit(0);
  }
  const prepared = new Map(data.prepared.map((p) => [p.essay.id, p]));
  const batchOf = new Map(batchesOf(data.prepared.map((p) => p.essay)).flatMap((b, i) => b.map((e) => [e.id, i] as const)));
  const committed = feedbackModel();
  const outcomes = writeAll(data.prepared, committed);
  const byPrompt = (ps: ReadonlySet<string>) => outcomes.filter((o) => ps.has(o.essay.prompt));
  const fittedOn = new Set(committed.fitted_on);
  const heldOut = writeHeldOut(data.prepared);
  report("held out, leave-one-prompt-out (each prompt written with a model fitted on the other prompts)", heldOut, {
    fitEssays: (o) => outcomes.filter((x) => x.essay.prompt !== o.essay.prompt), batchOf, prepared,
  });
  const ctx: Context = { fitEssays: () => byPrompt(fittedOn), batchOf, prepared };
  const unseen = outcomes.filter((o) => !fittedOn.has(o.essay.prompt));
  if (unseen.length > 0) report(`the committed model (fitted on ${fittedOn.size} prompts) on the other prompts`, unseen, ctx);
  else console.log("\nthe committed model is fitted on every prompt: its held-out figures are the leave-one-prompt-out ones above");
  if (process.argv.includes("--all")) report("the committed model on the prompts it was fitted on (in-sample)", byPrompt(fittedOn), ctx);
  const sample: StructuredFeedback | undefined = heldOut[0]?.written.feedback;
  if (process.argv.includes("--show") && sample) console.log(JSON.stringify(sample, null, 1));
}
