import * as v from "valibot";
import {
  BASE_FEATURES,
  ENGLISH_ONLY_FEATURES,
  type EssayProfile,
  type FeatureName,
  FREQUENCY_FEATURES,
  GRAMMAR_FEATURES,
  RELEVANCE_FEATURES,
  TAG_FEATURES,
} from "@shared/text-analysis/essay-profile.ts";

/**
 * The features the committed English model weighs (the Swedish one uses BASE_FEATURES). Harper's
 * grammar_error_rate is left out: held out it adds 0.0008 to the mean Spearman, while linting costs
 * the judge seconds of setup and 65–400 ms an essay (scripts/fit-judge prints both fits).
 */
export const ENGLISH_MODEL_FEATURES: readonly FeatureName[] = [
  ...BASE_FEATURES,
  ...FREQUENCY_FEATURES,
  ...TAG_FEATURES,
  ...ENGLISH_ONLY_FEATURES,
  ...RELEVANCE_FEATURES,
];

/** Every feature a coefficients file may name: the English ones plus Harper's grammar rate. */
export const KNOWN_FEATURES: readonly FeatureName[] = [...ENGLISH_MODEL_FEATURES, ...GRAMMAR_FEATURES];

/**
 * The features the Swedish model weighs: those we can measure without a frequency list, tagger or
 * grammar checker (there is no offline Swedish grammar checker).
 */
export const SWEDISH_MODEL_FEATURES: readonly FeatureName[] = [...BASE_FEATURES, ...RELEVANCE_FEATURES];

const ALL_FEATURES = new Set<string>(KNOWN_FEATURES);

/** The coefficients file written by scripts/fit-judge/fit-judge.ts. */
export const JudgeCoefficientsSchema = v.object({
  version: v.literal(1),
  language: v.picklist(["en", "sv"]),
  note: v.string(),
  fitted_on: v.string(),
  features: v.pipe(
    v.array(
      v.object({
        name: v.pipe(v.string(), v.check((n) => ALL_FEATURES.has(n), "unknown feature name")),
        mean: v.number(),
        sd: v.pipe(v.number(), v.minValue(Number.MIN_VALUE)),
        weight: v.number(),
      }),
    ),
    v.minLength(1),
  ),
});
export type JudgeCoefficients = v.InferOutput<typeof JudgeCoefficientsSchema>;

/** One weighed feature: its training mean and spread and its weight per training SD. */
export interface JudgeTerm {
  readonly name: FeatureName;
  readonly mean: number;
  readonly sd: number;
  readonly weight: number;
}

/** A fitted judge: one essay's ability on its own, so that position can never matter. */
export interface JudgeModel {
  readonly language: "en" | "sv";
  /** The features it weighs: the judge measures only these (Harper, for one, costs tens of ms an essay). */
  readonly features: ReadonlySet<FeatureName>;
  /** Its coefficients, for evidence that compares a contribution with another essay's or a batch's. */
  readonly terms: readonly JudgeTerm[];
  /** Ability on the logit scale: P(A beats B) = σ(ability(A) − ability(B)). */
  ability(profile: EssayProfile): number;
  /** Each feature's contribution to the ability (weight × standardised value). */
  contributions(profile: EssayProfile): Map<FeatureName, number>;
}

/**
 * Build a judge from its coefficients file; a missing feature (e.g. a tagger that is not there)
 * counts at the training mean, adding nothing.
 * @example const model = judgeModelFrom(parseJudgeCoefficients(json)); model.ability(profile)
 */
export function judgeModelFrom(coefficients: JudgeCoefficients): JudgeModel {
  const terms: JudgeTerm[] = coefficients.features.map((f) => ({ ...f, name: f.name as FeatureName }));
  const contributions = (profile: EssayProfile) =>
    new Map(terms.map((t) => [t.name, (t.weight * ((profile.features[t.name] ?? t.mean) - t.mean)) / t.sd]));
  return {
    language: coefficients.language,
    features: new Set(terms.map((t) => t.name)),
    terms,
    contributions,
    ability: (profile) => {
      let total = 0;
      for (const c of contributions(profile).values()) total += c;
      return total;
    },
  };
}

/** @throws ValiError naming the bad field when the file does not match the schema. */
export function parseJudgeCoefficients(json: unknown): JudgeCoefficients {
  return v.parse(JudgeCoefficientsSchema, json);
}

/** P(A beats B) from two abilities; exactly 1 − P(B beats A). */
export function probabilityAWins(abilityA: number, abilityB: number): number {
  return 1 / (1 + Math.exp(abilityB - abilityA));
}
