/**
 * Fit the local feedback writer's dimension model on ELLIPSE (read at run time from ../shared/data,
 * never copied; see weakest-model.ts for what is fitted). The model written is fitted on every
 * prompt; its held-out figures are leave-one-prompt-out (bench/feedback-ellipse.ts writes each
 * prompt's feedback with a model refitted on the other prompts). Also reports, for the committed fit
 * and the earlier ridge model (and with `--variants` the other fits tried), the tie-aware hit rate of
 * the predicted weakest dimension held out: fitted on the even prompts and measured on the odd ones,
 * the other way round, and leave-one-prompt-out.
 *
 *   bun scripts/fit-feedback/fit-feedback.ts [--no-write] [--variants]
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { splitPrompts } from "../../bench/support/ellipse-feedback-corpus.ts";
import { prepareEllipse, type PreparedEssay } from "../../bench/support/ellipse-feedback-inputs.ts";
import type { FeedbackModel } from "../../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { COMMITTED_FIT, type FitOptions, fitWeakestModel, hitRate, ridgeModel } from "./weakest-model.ts";

const OUT = path.resolve(import.meta.dir, "../../services/llm-provider/src/domain/feedback-writer/feedback-model.json");
const data = await prepareEllipse();
if (!data) {
  console.log("fit-feedback: ../shared/data/essays/ellipse-dev-prompts.csv is not on this machine (set HULEEDU_SHARED_DATA); nothing fitted.");
  process.exit(0);
}
const all = data.prepared;
const prompts = [...new Set(all.map((p) => p.essay.prompt))].sort();
const { fit: even, measure: odd } = splitPrompts(all.map((p) => p.essay));
type Fitter = (t: readonly PreparedEssay[], on: readonly string[]) => FeedbackModel;
const withOptions = (o: FitOptions): Fitter => (t, on) => fitWeakestModel(t, on, o);
const fitters: Record<string, Fitter> = {
  "ridge on z (earlier model)": ridgeModel,
  "softmax on level + relative z, shared ties (committed)": withOptions(COMMITTED_FIT),
};
if (process.argv.includes("--variants")) {
  Object.assign(fitters, {
    "committed, lambda 0.1": withOptions({ ...COMMITTED_FIT, lambda: 0.1 }),
    "committed, one binary model per dimension (among the weakest)": withOptions({ ...COMMITTED_FIT, target: { kind: "member" } }),
    "committed, soft ranks (beta 4)": withOptions({ ...COMMITTED_FIT, target: { kind: "soft", beta: 4 } }),
    "committed, pairwise which-is-lower": withOptions({ ...COMMITTED_FIT, target: { kind: "pairwise" } }),
    "committed, level norms weigh 30 essays": withOptions({ ...COMMITTED_FIT, blend: 30 }),
  });
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Tie-aware hit rate on `test` of a model fitted on `train` prompts, as hit and chance counts. */
function heldOut(fitter: Fitter, train: ReadonlySet<string>, test: ReadonlySet<string>) {
  const essays = all.filter((p) => test.has(p.essay.prompt));
  const r = hitRate(fitter(all.filter((p) => train.has(p.essay.prompt)), [...train]), essays);
  return { hit: r.hit * essays.length, chance: r.chance * essays.length, n: essays.length };
}

console.log(`${prompts.length} prompts, ${all.length} essays; even prompts ${even.size}, odd ${odd.size}\n`);
console.log("| fit | even → odd | odd → even | both halves | × chance | leave-one-prompt-out | × chance |\n| --- | --- | --- | --- | --- | --- | --- |");
for (const [name, fitter] of Object.entries(fitters)) {
  const a = heldOut(fitter, even, odd);
  const b = heldOut(fitter, odd, even);
  let hit = 0;
  let chance = 0;
  for (const prompt of prompts) {
    const r = heldOut(fitter, new Set(prompts.filter((q) => q !== prompt)), new Set([prompt]));
    hit += r.hit;
    chance += r.chance;
  }
  console.log(`| ${name} | ${pct(a.hit / a.n)} | ${pct(b.hit / b.n)} | ${pct((a.hit + b.hit) / all.length)} | ${((a.hit + b.hit) / (a.chance + b.chance)).toFixed(2)} | ${pct(hit / all.length)} | ${(hit / chance).toFixed(2)} |`);
}
if (!process.argv.includes("--no-write")) {
  writeFileSync(OUT, `${JSON.stringify(fitWeakestModel(all, prompts, COMMITTED_FIT), null, 1)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), OUT)} (fitted on all ${prompts.length} prompts)`);
}
