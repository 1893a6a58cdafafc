/**
 * The feedback writer's dimension model fitted on a set of ELLIPSE essays: level norms of every
 * signal; the essay's overall level (a ridge regression of its mean analytic score on the signals'
 * batch-and-level z-scores); how far each signal is expected to move with the level; and a softmax
 * over the six analytic dimensions of which one is the essay's weakest (ties share the target),
 * read from the level and the relative z-scores (z minus what the level predicts). `ridgeModel` is the
 * earlier model (each dimension's score minus the essay mean, regressed on plain z), for comparison.
 */
import { ELLIPSE_DIMENSIONS } from "../../bench/support/ellipse-feedback-corpus.ts";
import type { PreparedEssay } from "../../bench/support/ellipse-feedback-inputs.ts";
import { type FeedbackModel, dimensionScores, standings } from "../../services/llm-provider/src/domain/feedback-writer/dimension-model.ts";
import { essaySignals, ORIENTATION, type SignalName, type Signals } from "../../services/llm-provider/src/domain/feedback-writer/signals.ts";
import { wordChoices } from "../../services/llm-provider/src/domain/feedback-writer/word-choice.ts";
import { levelNorms } from "./level-norms.ts";
import { ridge } from "./ridge.ts";
import { softmax } from "./softmax.ts";

export const BLEND_PSEUDO_ESSAYS = 8;
const LEVEL_LAMBDA_PER_ESSAY = 0.05;
export const SOFTMAX_LAMBDA = 0.02;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

const signalCache = new Map<string, Signals>();
export const writerSignalsOf = (p: PreparedEssay): Signals => {
  const hit = signalCache.get(p.essay.id);
  if (hit) return hit;
  const s = essaySignals({ profile: p.input.profile, metrics: p.input.metrics, correctionCount: p.input.correctionCount, wordChoiceCount: wordChoices(p.input.essay, "en").length });
  signalCache.set(p.essay.id, s);
  return s;
};
const meanScore = (p: PreparedEssay) => ELLIPSE_DIMENSIONS.reduce((s, d) => s + p.essay.scores[d], 0) / ELLIPSE_DIMENSIONS.length;

/** The tied weakest dimensions of an essay, each with an equal share. */
export function weakestShares(p: PreparedEssay): number[] {
  const min = Math.min(...ELLIPSE_DIMENSIONS.map((d) => p.essay.scores[d]));
  const tied = ELLIPSE_DIMENSIONS.map((d) => (p.essay.scores[d] === min ? 1 : 0));
  const t = tied.reduce<number>((a, b) => a + b, 0);
  return tied.map((x) => x / t);
}

/** What a fit reads of each essay, and how it is fitted (defaults: what the writer measures, the committed fit). */
export interface FitOptions {
  readonly signalsOf?: (p: PreparedEssay) => Signals;
  readonly names?: readonly SignalName[];
  readonly lambda?: number;
  /** How many essays the level's norm counts for beside the batch's (default BLEND_PSEUDO_ESSAYS). */
  readonly blend?: number;
  /**
   * What each essay teaches: `shared` (default) its tied weakest dimensions with equal shares;
   * `soft` every dimension weighted by exp(-beta · points above the essay's lowest score), so that the
   * runner-up teaches too; `member` one binary model per dimension of its being among the weakest.
   */
  readonly target?: { kind: "shared" } | { kind: "soft"; beta: number } | { kind: "member" } | { kind: "pairwise" };
}

/** Each dimension weighted by exp(-beta · (its score − the essay's lowest)), normalised. */
export function softShares(p: PreparedEssay, beta: number): number[] {
  const scores = ELLIPSE_DIMENSIONS.map((d) => p.essay.scores[d]);
  const min = Math.min(...scores);
  const w = scores.map((s) => Math.exp(-beta * (s - min)));
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
}

/**
 * One logistic model per pair of dimensions of which is scored lower (on the essays where they
 * differ); a dimension's logit of weakness is the sum of its pairwise logits, which stays linear.
 */
function pairwiseLogits(x: number[][], train: readonly PreparedEssay[], lambda: number) {
  const k = ELLIPSE_DIMENSIONS.length;
  const p = x[0]?.length ?? 0;
  const intercepts = new Array<number>(k).fill(0);
  const weights = Array.from({ length: k }, () => new Array<number>(p).fill(0));
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const rows = train.map((e, i) => ({ i, d: e.essay.scores[ELLIPSE_DIMENSIONS[a]!] - e.essay.scores[ELLIPSE_DIMENSIONS[b]!] })).filter((r) => r.d !== 0);
      const fit = softmax(rows.map((r) => x[r.i]!), rows.map((r) => (r.d < 0 ? [1, 0] : [0, 1])), lambda);
      const c = fit.intercepts[0]! - fit.intercepts[1]!;
      intercepts[a]! += c;
      intercepts[b]! -= c;
      for (let j = 0; j < p; j++) {
        const w = fit.weights[0]![j]! - fit.weights[1]![j]!;
        weights[a]![j]! += w;
        weights[b]![j]! -= w;
      }
    }
  }
  return { intercepts, weights };
}

/** Intercepts and weights of the logit of each dimension's being the weakest, as the target asks. */
function fitLogits(x: number[][], train: readonly PreparedEssay[], lambda: number, target: NonNullable<FitOptions["target"]>) {
  if (target.kind === "shared") return softmax(x, train.map(weakestShares), lambda);
  if (target.kind === "soft") return softmax(x, train.map((p) => softShares(p, target.beta)), lambda);
  if (target.kind === "pairwise") return pairwiseLogits(x, train, lambda);
  const intercepts: number[] = [];
  const weights: number[][] = [];
  ELLIPSE_DIMENSIONS.forEach((_, c) => {
    const fit = softmax(x, train.map((p) => (weakestShares(p)[c]! > 0 ? [1, 0] : [0, 1])), lambda);
    intercepts.push(fit.intercepts[0]! - fit.intercepts[1]!);
    weights.push(fit.weights[0]!.map((w, j) => w - fit.weights[1]![j]!));
  });
  return { intercepts, weights };
}

/** Level norms and the signals that vary over the training essays, and every essay's plain z-scores. */
function zRows(train: readonly PreparedEssay[], opts: FitOptions = {}) {
  const signalsOf = opts.signalsOf ?? writerSignalsOf;
  const names = opts.names ?? (Object.keys(ORIENTATION) as SignalName[]);
  const { level, features } = levelNorms(train.map(signalsOf), names);
  const base: FeedbackModel = {
    blend_pseudo_essays: opts.blend ?? BLEND_PSEUDO_ESSAYS, level_norms: { en: level }, level: { intercept: 0, weights: {}, mean: 0, sd: 0 },
    level_slopes: {}, dimensions: {}, fitted_on: [],
  };
  const rows = train.map((p) => {
    const st = standings(signalsOf(p), "en", base, p.input.batchNorms);
    return features.map((f) => st.get(f)?.z ?? 0);
  });
  return { level, features, rows };
}

const roundNorms = (o: Record<string, { mean: number; sd: number }>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { mean: Number(v.mean.toPrecision(5)), sd: Number(v.sd.toPrecision(5)) }]));

export function fitWeakestModel(train: readonly PreparedEssay[], fittedOn: readonly string[], opts: FitOptions = {}): FeedbackModel {
  const lambda = opts.lambda ?? SOFTMAX_LAMBDA;
  const { level, features, rows } = zRows(train, opts);
  const lv = ridge(rows, train.map(meanScore), LEVEL_LAMBDA_PER_ESSAY * rows.length);
  const raw = rows.map((r) => lv.intercept + r.reduce((s, v, j) => s + v * lv.weights[j]!, 0));
  const qMean = raw.reduce((a, b) => a + b, 0) / raw.length;
  const qSd = Math.sqrt(raw.reduce((a, b) => a + (b - qMean) ** 2, 0) / raw.length);
  const q = raw.map((x) => (x - qMean) / qSd);
  const slopes = features.map((_, j) => {
    const zMean = rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
    return rows.reduce((s, r, i) => s + (r[j]! - zMean) * q[i]!, 0) / rows.length;
  });
  const x = rows.map((r, i) => [q[i]!, ...r.map((z, j) => z - slopes[j]! * q[i]!)]);
  const fit = fitLogits(x, train, lambda, opts.target ?? { kind: "shared" });
  const dimensions: FeedbackModel["dimensions"] = {};
  ELLIPSE_DIMENSIONS.forEach((d, c) => {
    dimensions[d.toLowerCase()] = {
      intercept: r4(fit.intercepts[c]!), level: r4(fit.weights[c]![0]!),
      weights: Object.fromEntries(features.map((f, j) => [f, r4(fit.weights[c]![j + 1]!)]).filter(([, w]) => w !== 0)),
    };
  });
  return {
    blend_pseudo_essays: opts.blend ?? BLEND_PSEUDO_ESSAYS, level_norms: { en: roundNorms(level), sv: roundNorms(level) },
    level: { intercept: lv.intercept, weights: Object.fromEntries(features.map((f, j) => [f, lv.weights[j]!])), mean: qMean, sd: qSd },
    level_slopes: Object.fromEntries(features.map((f, j) => [f, r4(slopes[j]!)])), dimensions, fitted_on: [...fittedOn].sort(),
  };
}

/** The model before this one: a ridge regression per dimension of its score minus the essay mean on plain z (no level). */
export function ridgeModel(train: readonly PreparedEssay[], fittedOn: readonly string[]): FeedbackModel {
  const { level, features, rows } = zRows(train);
  const dimensions: FeedbackModel["dimensions"] = {};
  for (const d of ELLIPSE_DIMENSIONS) {
    const fit = ridge(rows, train.map((p) => p.essay.scores[d] - meanScore(p)), 0.05 * rows.length);
    // Lower predicted score is weaker; as a logit of weakness it is negated.
    dimensions[d.toLowerCase()] = { intercept: -fit.intercept, level: 0, weights: Object.fromEntries(features.map((f, j) => [f, -fit.weights[j]!])) };
  }
  return {
    blend_pseudo_essays: BLEND_PSEUDO_ESSAYS, level_norms: { en: level, sv: level }, level: { intercept: 0, weights: {}, mean: 0, sd: 0 },
    level_slopes: {}, dimensions, fitted_on: [...fittedOn].sort(),
  };
}

/** The model's weakest ELLIPSE dimension for an essay (what the writer's first focus area is, near enough). */
export function predictedWeakest(model: FeedbackModel, p: PreparedEssay, signalsOf = writerSignalsOf): string {
  const scores = dimensionScores(standings(signalsOf(p), "en", model, p.input.batchNorms), model);
  const ellipse = ELLIPSE_DIMENSIONS.map((d) => d.toLowerCase() as keyof typeof scores);
  return ellipse.reduce((a, b) => ((scores[b] ?? 0) < (scores[a] ?? 0) ? b : a));
}

/** Tie-aware hit rate of the model's weakest dimension, and chance (t/6). */
export function hitRate(model: FeedbackModel, essays: readonly PreparedEssay[], signalsOf = writerSignalsOf): { hit: number; chance: number } {
  let hit = 0;
  let chance = 0;
  for (const p of essays) {
    const shares = weakestShares(p);
    const pick = ELLIPSE_DIMENSIONS.findIndex((d) => d.toLowerCase() === predictedWeakest(model, p, signalsOf));
    hit += shares[pick]! > 0 ? 1 : 0;
    chance += shares.filter((s) => s > 0).length / 6;
  }
  return { hit: hit / essays.length, chance: chance / essays.length };
}

/** The settings of the committed model (what fit-feedback.ts writes and the benchmark refits per held-out prompt). */
export const COMMITTED_FIT: FitOptions = {};

/** The dimension model fitted as the committed one is, on the given essays. */
export function fitFeedbackModel(train: readonly PreparedEssay[], fittedOn: readonly string[]): FeedbackModel {
  return fitWeakestModel(train, fittedOn, COMMITTED_FIT);
}
