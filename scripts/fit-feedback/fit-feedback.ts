/**
 * Fit the local feedback writer's dimension model on ELLIPSE (read at run time from ../shared/data,
 * never copied): level norms of every signal, and per analytic dimension a ridge regression of the
 * dimension's score minus the essay's mean score on the signals' batch-and-level z-scores. Fits on
 * the even-numbered prompts only (sorted by name); bench/feedback-ellipse.ts measures on the rest.
 *
 *   bun scripts/fit-feedback/fit-feedback.ts [--no-write]
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ELLIPSE_DIMENSIONS, splitPrompts } from "../../bench/support/ellipse-feedback-corpus.ts";
import { prepareEllipse } from "../../bench/support/ellipse-feedback-inputs.ts";
import { type FeedbackModel, standings } from "../../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { essaySignals, ORIENTATION, type SignalName, type Signals } from "../../services/llm-provider/src/domain/feedback-writer/signals.ts";
import { wordChoices } from "../../services/llm-provider/src/domain/feedback-writer/word-choice.ts";
import { levelNorms } from "./level-norms.ts";
import { ridge } from "./ridge.ts";

const BLEND_PSEUDO_ESSAYS = 8;
const LAMBDA_PER_ESSAY = 0.05;
const OUT = path.resolve(import.meta.dir, "../../services/llm-provider/src/domain/feedback-writer/feedback-model.json");

const data = await prepareEllipse();
if (!data) {
  console.log("fit-feedback: ../shared/data/essays/ellipse-dev-prompts.csv is not on this machine (set HULEEDU_SHARED_DATA); nothing fitted.");
  process.exit(0);
}
const { fit } = splitPrompts(data.prepared.map((p) => p.essay));
const train = data.prepared.filter((p) => fit.has(p.essay.prompt));
const signalsOf = (p: (typeof train)[number]): Signals =>
  essaySignals({ profile: p.input.profile, metrics: p.input.metrics, correctionCount: p.input.correctionCount, wordChoiceCount: wordChoices(p.input.essay, "en").length });

const trainSignals = train.map(signalsOf);
const names = Object.keys(ORIENTATION) as SignalName[];
const { level, features } = levelNorms(trainSignals, names);
// Swedish has no scored essays here: its level norms are the English ones (rates and shares travel;
// the writer's batch norms carry the class's own figures).
const base: FeedbackModel = { blend_pseudo_essays: BLEND_PSEUDO_ESSAYS, level_norms: { en: level, sv: level }, dimensions: {}, fitted_on: [...fit].sort() };
const rows = train.map((p, i) => {
  const st = standings(trainSignals[i]!, "en", base, p.input.batchNorms);
  return features.map((f) => st.get(f)?.z ?? 0);
});
const dimensions: FeedbackModel["dimensions"] = {};
for (const d of ELLIPSE_DIMENSIONS) {
  const y = train.map((p) => p.essay.scores[d] - ELLIPSE_DIMENSIONS.reduce((s, k) => s + p.essay.scores[k], 0) / ELLIPSE_DIMENSIONS.length);
  const { intercept, weights } = ridge(rows, y, LAMBDA_PER_ESSAY * rows.length);
  dimensions[d.toLowerCase()] = {
    intercept: Math.round(intercept * 1e4) / 1e4,
    weights: Object.fromEntries(features.map((f, j) => [f, Math.round(weights[j]! * 1e4) / 1e4]).filter(([, w]) => w !== 0)),
  };
  const top = features.map((f, j) => [f, weights[j]!] as const).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 4);
  console.log(`${d.padEnd(12)} intercept ${intercept.toFixed(3)}  ${top.map(([f, w]) => `${f} ${w.toFixed(3)}`).join(", ")}`);
}
const round = (o: Record<string, { mean: number; sd: number }>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { mean: Number(v.mean.toPrecision(5)), sd: Number(v.sd.toPrecision(5)) }]));
const model: FeedbackModel = { ...base, level_norms: { en: round(level), sv: round(level) }, dimensions };
console.log(`fitted on ${train.length} essays of ${fit.size} prompts`);
if (!process.argv.includes("--no-write")) {
  writeFileSync(OUT, `${JSON.stringify(model, null, 1)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}
