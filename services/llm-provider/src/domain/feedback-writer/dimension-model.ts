import * as v from "valibot";
import type { Language } from "@shared/contracts/enums.ts";
import { type BatchNorms, FEEDBACK_DIMENSIONS, type FeedbackDimension } from "@shared/contracts/feedback.ts";
import { DIMENSION_SIGNALS, ORIENTATION, type SignalName, type Signals } from "./signals.ts";

const NormSchema = v.object({ mean: v.number(), sd: v.pipe(v.number(), v.minValue(0)) });
const LinearSchema = v.object({ intercept: v.number(), weights: v.record(v.string(), v.number()) });

/** What scripts/fit-feedback writes: level norms per language, the essay-level model and one weakness model per dimension. */
export const FeedbackModelSchema = v.object({
  /** How many essays the level's norm counts for when it is blended with a batch's. */
  blend_pseudo_essays: v.pipe(v.number(), v.minValue(0)),
  level_norms: v.record(v.string(), v.record(v.string(), NormSchema)),
  /** The essay's overall level from its signal z-scores (predicts its mean analytic score; `mean`/`sd` standardise it). */
  level: v.object({ ...LinearSchema.entries, mean: v.number(), sd: v.pipe(v.number(), v.minValue(0)) }),
  /** How many SDs each signal is expected to move per SD of level: what the essay's own level predicts of it. */
  level_slopes: v.record(v.string(), v.number()),
  /**
   * Per analytic dimension, the logit of its being the essay's weakest (softmax over the fitted
   * dimensions) from the essay's level and its signals' relative z-scores (z minus what the level predicts).
   */
  dimensions: v.record(v.string(), v.object({ ...LinearSchema.entries, level: v.number() })),
  fitted_on: v.array(v.string()),
});
export type FeedbackModel = v.InferOutput<typeof FeedbackModelSchema>;

/** The essay's value beside what is expected of it, and how far off it is (oriented: negative is worse). */
export interface SignalStanding {
  readonly signal: SignalName;
  readonly value: number;
  readonly expected: number;
  /** Unoriented standard score, what the fitted weights take. */
  readonly z: number;
  readonly orientedZ: number;
  /** z minus what the essay's overall level predicts of it: the relative weakness the dimension model reads. */
  readonly relativeZ: number;
}

// Without an ELLIPSE-style score to fit them on, these dimensions move by this many logits per SD
// beyond 1.5 SD short of expectation: they come first only when the essay clearly falls short.
const UNFITTED_WEIGHT: Partial<Record<FeedbackDimension, Partial<Record<SignalName, number>>>> = {
  development: { log_words: 0.5 },
  organisation: { words_per_paragraph: -0.5 },
  relevance: { prompt_coverage: 0.5 },
};
const UNFITTED_SLACK = 1.5;
const EXTREME_Z = 2.5;
const EXTREME_WEIGHT = 0.5;
const MIN_SD = 1e-6;
const Z_CAP = 4;

/**
 * Each signal against the expectation of its batch blended with its level: the batch's mean and
 * spread weighted by its essay count, the level's by `blend_pseudo_essays`.
 */
export function standings(signals: Signals, language: Language, model: FeedbackModel, batch: BatchNorms = {}): Map<SignalName, SignalStanding> {
  const level = model.level_norms[language] ?? model.level_norms.en ?? {};
  const n0 = model.blend_pseudo_essays;
  const out = new Map<SignalName, SignalStanding>();
  for (const [name, value] of Object.entries(signals) as [SignalName, number][]) {
    const l = level[name];
    const b = batch[name];
    if (!l && !b) continue;
    const wl = l ? n0 : 0;
    const wb = b ? b.n : 0;
    const mean = ((l?.mean ?? 0) * wl + (b?.mean ?? 0) * wb) / (wl + wb);
    const variance = ((l?.sd ?? 0) ** 2 * wl + (b?.sd ?? 0) ** 2 * wb) / (wl + wb);
    const sd = Math.sqrt(variance);
    if (sd < MIN_SD) continue;
    const z = Math.max(-Z_CAP, Math.min(Z_CAP, (value - mean) / sd));
    out.set(name, { signal: name, value, expected: mean, z, orientedZ: z * ORIENTATION[name], relativeZ: z });
  }
  const essayLevel = levelOf(out, model);
  for (const [name, s] of out) {
    const slope = model.level_slopes[name];
    if (slope !== undefined) out.set(name, { ...s, relativeZ: s.z - slope * essayLevel });
  }
  return out;
}

/** The essay's overall level in SDs of the fit essays' (0 = typical), from its signals' z-scores. */
export function levelOf(standing: ReadonlyMap<SignalName, Pick<SignalStanding, "z">>, model: FeedbackModel): number {
  const { intercept, weights, mean, sd } = model.level;
  let raw = intercept;
  for (const [signal, w] of Object.entries(weights)) raw += w * (standing.get(signal as SignalName)?.z ?? 0);
  return sd > MIN_SD ? (raw - mean) / sd : 0;
}

/**
 * A dimension's predicted standing, in logits of its being the essay's weakest, negated and centred
 * on the fitted dimensions' mean: 0 is an ordinary dimension for this essay, negative is weaker.
 */
export function dimensionScores(standing: ReadonlyMap<SignalName, SignalStanding>, model: FeedbackModel): Record<FeedbackDimension, number | null> {
  const level = levelOf(standing, model);
  const logits = new Map<FeedbackDimension, number>();
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const fitted = model.dimensions[dimension];
    if (!fitted) continue;
    let logit = fitted.intercept + fitted.level * level;
    for (const [signal, w] of Object.entries(fitted.weights)) logit += w * (standing.get(signal as SignalName)?.relativeZ ?? 0);
    logits.set(dimension, logit);
  }
  const centre = [...logits.values()].reduce((a, b) => a + b, 0) / Math.max(1, logits.size);
  const scores = {} as Record<FeedbackDimension, number | null>;
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const logit = logits.get(dimension);
    // The fit saw the ordinary range; a core signal far outside it (no capital letters at all, a
    // misspelling in every other word) is evidence of its own.
    const worst = Math.min(0, ...DIMENSION_SIGNALS[dimension].map((signal) => standing.get(signal)?.orientedZ ?? 0));
    if (logit !== undefined) {
      scores[dimension] = centre - logit - EXTREME_WEIGHT * Math.max(0, -worst - EXTREME_Z);
      continue;
    }
    let score = 0;
    let seen = false;
    for (const [signal, w] of Object.entries(UNFITTED_WEIGHT[dimension] ?? {})) {
      const s = standing.get(signal as SignalName);
      if (!s) continue;
      seen = true;
      // An unfitted dimension is only ever pulled down: being long is no reason to praise length.
      score -= Math.abs(w) * Math.max(0, -s.orientedZ - UNFITTED_SLACK);
    }
    scores[dimension] = seen ? score : null;
  }
  return scores;
}

/**
 * Whether the evidence allows naming the dimension as a focus area: a fitted dimension unless every
 * one of its own signals is clearly better than expected; an unfitted one only when it scores below zero.
 */
export function focusAllowed(dimension: FeedbackDimension, standing: ReadonlyMap<SignalName, SignalStanding>, score: number, model: FeedbackModel): boolean {
  if (!model.dimensions[dimension]) return score < 0;
  const own = DIMENSION_SIGNALS[dimension].map((s) => standing.get(s)).filter((s): s is SignalStanding => s !== undefined);
  return own.length === 0 || own.some((s) => s.orientedZ < CLEARLY_BETTER);
}
const CLEARLY_BETTER = 0.5;

/** The dimension's own signals that fall short of expectation, worst first. */
export function shortfalls(dimension: FeedbackDimension, standing: ReadonlyMap<SignalName, SignalStanding>, below = -0.3): SignalStanding[] {
  return DIMENSION_SIGNALS[dimension]
    .map((s) => standing.get(s))
    .filter((s): s is SignalStanding => s !== undefined && s.orientedZ <= below)
    .sort((a, b) => a.orientedZ - b.orientedZ);
}
