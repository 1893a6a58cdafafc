import * as v from "valibot";
import type { Language } from "@shared/contracts/enums.ts";
import { type BatchNorms, FEEDBACK_DIMENSIONS, type FeedbackDimension } from "@shared/contracts/feedback.ts";
import { DIMENSION_SIGNALS, ORIENTATION, type SignalName, type Signals } from "./signals.ts";

const NormSchema = v.object({ mean: v.number(), sd: v.pipe(v.number(), v.minValue(0)) });
const LinearSchema = v.object({ intercept: v.number(), weights: v.record(v.string(), v.number()) });

/** What scripts/fit-feedback writes: level norms per language and one linear model per dimension. */
export const FeedbackModelSchema = v.object({
  /** How many essays the level's norm counts for when it is blended with a batch's. */
  blend_pseudo_essays: v.pipe(v.number(), v.minValue(0)),
  level_norms: v.record(v.string(), v.record(v.string(), NormSchema)),
  /** Predicts a dimension's score minus the essay's mean score (rubric points) from signal z-scores. */
  dimensions: v.record(v.string(), LinearSchema),
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
}

// Without an ELLIPSE-style score to fit them on, these dimensions move by a tenth of a point per SD
// beyond 1.5 SD short of expectation: they come first only when the essay clearly falls short.
const UNFITTED_WEIGHT: Partial<Record<FeedbackDimension, Partial<Record<SignalName, number>>>> = {
  development: { log_words: 0.1 },
  organisation: { words_per_paragraph: -0.1 },
  relevance: { prompt_coverage: 0.1 },
};
const UNFITTED_SLACK = 1.5;
const EXTREME_Z = 2.5;
const EXTREME_WEIGHT = 0.15;
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
    out.set(name, { signal: name, value, expected: mean, z, orientedZ: z * ORIENTATION[name] });
  }
  return out;
}

/** A dimension's predicted standing (rubric points above the essay's own mean; negative is weaker). */
export function dimensionScores(standing: ReadonlyMap<SignalName, SignalStanding>, model: FeedbackModel): Record<FeedbackDimension, number | null> {
  const scores = {} as Record<FeedbackDimension, number | null>;
  for (const dimension of FEEDBACK_DIMENSIONS) {
    const fitted = model.dimensions[dimension];
    const weights = fitted?.weights ?? UNFITTED_WEIGHT[dimension] ?? {};
    let score = fitted?.intercept ?? 0;
    let seen = fitted !== undefined;
    for (const [signal, w] of Object.entries(weights)) {
      const s = standing.get(signal as SignalName);
      if (!s) continue;
      seen = true;
      // An unfitted dimension is only ever pulled down: being long is no reason to praise length.
      score += fitted ? w * s.z : -Math.abs(w) * Math.max(0, -s.orientedZ - UNFITTED_SLACK);
    }
    // The fit saw the ordinary range; a core signal far outside it (no capital letters at all, a
    // misspelling in every other word) is evidence of its own.
    const worst = Math.min(0, ...DIMENSION_SIGNALS[dimension].map((signal) => standing.get(signal)?.orientedZ ?? 0));
    if (fitted) score -= EXTREME_WEIGHT * Math.max(0, -worst - EXTREME_Z);
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
