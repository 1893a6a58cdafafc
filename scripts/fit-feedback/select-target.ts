/**
 * Chooses the dimension model's fit target without looking at the held-out prompts: two-fold cross
 * validation inside the fit prompts (bench/feedback-ellipse.ts measures the rest). Compares the
 * current target (a dimension's score minus the essay's mean, weakest = lowest prediction) with a
 * tie-aware one (1 when the dimension is among the essay's tied weakest, weakest = highest
 * prediction), by how often the top prediction is among the weakest (ties count).
 *
 *   bun scripts/fit-feedback/select-target.ts
 */
import { ELLIPSE_DIMENSIONS, splitPrompts } from "../../bench/support/ellipse-feedback-corpus.ts";
import { prepareEllipse, type PreparedEssay } from "../../bench/support/ellipse-feedback-inputs.ts";
import { type FeedbackModel, standings } from "../../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { essaySignals, ORIENTATION, type SignalName, type Signals } from "../../services/llm-provider/src/domain/feedback-writer/signals.ts";
import { wordChoices } from "../../services/llm-provider/src/domain/feedback-writer/word-choice.ts";
import { levelNorms } from "./level-norms.ts";
import { ridge } from "./ridge.ts";

const LAMBDA_PER_ESSAY = 0.05;
const data = await prepareEllipse();
if (!data) {
  console.log("select-target: ../shared/data/essays/ellipse-dev-prompts.csv is not on this machine; nothing to compare.");
  process.exit(0);
}
const { fit } = splitPrompts(data.prepared.map((p) => p.essay));
const fitPrompts = [...fit].sort();
const signalsOf = (p: PreparedEssay): Signals =>
  essaySignals({ profile: p.input.profile, metrics: p.input.metrics, correctionCount: p.input.correctionCount, wordChoiceCount: wordChoices(p.input.essay, "en").length });
const meanOf = (p: PreparedEssay) => ELLIPSE_DIMENSIONS.reduce((s, d) => s + p.essay.scores[d], 0) / ELLIPSE_DIMENSIONS.length;
const weakest = (p: PreparedEssay) => {
  const min = Math.min(...ELLIPSE_DIMENSIONS.map((d) => p.essay.scores[d]));
  return new Set(ELLIPSE_DIMENSIONS.filter((d) => p.essay.scores[d] === min));
};

function rowsFor(train: PreparedEssay[], test: PreparedEssay[]) {
  const names = Object.keys(ORIENTATION) as SignalName[];
  const trainSignals = train.map(signalsOf);
  const { level, features } = levelNorms(trainSignals, names);
  const base: FeedbackModel = { blend_pseudo_essays: 8, level_norms: { en: level }, dimensions: {}, fitted_on: [] };
  const rows = (ps: PreparedEssay[]) => ps.map((p) => {
    const st = standings(signalsOf(p), "en", base, p.input.batchNorms);
    return features.map((f) => st.get(f)?.z ?? 0);
  });
  return { x: rows(train), xt: rows(test) };
}

const results: Record<string, number[]> = { relative: [], tie_aware: [] };
for (const fold of [0, 1]) {
  const inner = new Set(fitPrompts.filter((_, i) => i % 2 === fold));
  const train = data.prepared.filter((p) => fit.has(p.essay.prompt) && !inner.has(p.essay.prompt));
  const test = data.prepared.filter((p) => inner.has(p.essay.prompt));
  const { x, xt } = rowsFor(train, test);
  const predict = (target: (p: PreparedEssay, d: (typeof ELLIPSE_DIMENSIONS)[number]) => number) =>
    ELLIPSE_DIMENSIONS.map((d) => {
      const { intercept, weights } = ridge(x, train.map((p) => target(p, d)), LAMBDA_PER_ESSAY * x.length);
      return xt.map((row) => intercept + row.reduce((s, v, j) => s + v * weights[j]!, 0));
    });
  const relative = predict((p, d) => p.essay.scores[d] - meanOf(p));
  const tieAware = predict((p, d) => (weakest(p).has(d) ? 1 : 0));
  const hit = (pred: number[][], pickLowest: boolean) => test.filter((p, i) => {
    const values = ELLIPSE_DIMENSIONS.map((_, k) => pred[k]![i]!);
    const best = pickLowest ? values.indexOf(Math.min(...values)) : values.indexOf(Math.max(...values));
    return weakest(p).has(ELLIPSE_DIMENSIONS[best]!);
  }).length / test.length;
  results.relative!.push(hit(relative, true));
  results.tie_aware!.push(hit(tieAware, false));
  console.log(`fold ${fold}: ${train.length} train, ${test.length} test essays; top-1 among weakest: relative ${(100 * hit(relative, true)).toFixed(1)}%, tie-aware ${(100 * hit(tieAware, false)).toFixed(1)}%`);
}
for (const [name, xs] of Object.entries(results)) console.log(`${name}: mean ${(100 * xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)}%`);
