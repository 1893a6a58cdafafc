/**
 * Fit the local feedback writer's dimension model on ELLIPSE (read at run time from ../shared/data,
 * never copied; see weakest-model.ts for what is fitted). The model written is fitted on the
 * even-numbered prompts (sorted by name), so bench/feedback-ellipse.ts measures it on the odd ones.
 * Also reports, for this model and the earlier ridge model, the tie-aware hit rate of the predicted
 * weakest dimension in-sample, on the odd prompts, and leave-one-prompt-out over all prompts (each
 * prompt predicted by a model fitted on the others).
 *
 *   bun scripts/fit-feedback/fit-feedback.ts [--no-write] [--no-lopo]
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { splitPrompts } from "../../bench/support/ellipse-feedback-corpus.ts";
import { prepareEllipse, type PreparedEssay } from "../../bench/support/ellipse-feedback-inputs.ts";
import type { FeedbackModel } from "../../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { fitFeedbackModel, hitRate, ridgeModel } from "./weakest-model.ts";

const OUT = path.resolve(import.meta.dir, "../../services/llm-provider/src/domain/feedback-writer/feedback-model.json");
const data = await prepareEllipse();
if (!data) {
  console.log("fit-feedback: ../shared/data/essays/ellipse-dev-prompts.csv is not on this machine (set HULEEDU_SHARED_DATA); nothing fitted.");
  process.exit(0);
}
const all = data.prepared;
const { fit, measure } = splitPrompts(all.map((p) => p.essay));
const inFit = (p: PreparedEssay) => fit.has(p.essay.prompt);
const train = all.filter(inFit);
const held = all.filter((p) => !inFit(p));
const fitters: Record<string, (t: readonly PreparedEssay[], on: readonly string[]) => FeedbackModel> = {
  "ridge on z (before)": ridgeModel,
  "softmax on level + relative z (after)": fitFeedbackModel,
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (name: string, r: { hit: number; chance: number }) => `| ${name} | ${pct(r.hit)} | ${pct(r.chance)} | ${(r.hit / r.chance).toFixed(2)} |`;

console.log(`fit prompts ${fit.size} (${train.length} essays), measure prompts ${measure.size} (${held.length} essays)\n`);
console.log("| model, essays | weakest predicted (ties count) | chance | × chance |\n| --- | --- | --- | --- |");
let written: FeedbackModel | undefined;
for (const [name, fitter] of Object.entries(fitters)) {
  const model = fitter(train, [...fit]);
  if (name.includes("after")) written = model;
  console.log(row(`${name}, fit prompts (in-sample)`, hitRate(model, train)));
  console.log(row(`${name}, odd prompts (held out)`, hitRate(model, held)));
  if (process.argv.includes("--no-lopo")) continue;
  const prompts = [...new Set(all.map((p) => p.essay.prompt))].sort();
  let hit = 0;
  let chance = 0;
  for (const prompt of prompts) {
    const test = all.filter((p) => p.essay.prompt === prompt);
    const r = hitRate(fitter(all.filter((p) => p.essay.prompt !== prompt), prompts.filter((q) => q !== prompt)), test);
    hit += r.hit * test.length;
    chance += r.chance * test.length;
  }
  console.log(row(`${name}, leave-one-prompt-out (${prompts.length} prompts)`, { hit: hit / all.length, chance: chance / all.length }));
}
if (written && !process.argv.includes("--no-write")) {
  writeFileSync(OUT, `${JSON.stringify(written, null, 1)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), OUT)}`);
}
