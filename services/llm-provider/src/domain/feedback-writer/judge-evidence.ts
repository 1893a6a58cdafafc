import type { BatchNorms, FeedbackDimension, FeedbackEvidence } from "@shared/contracts/feedback.ts";
import { type EssayProfile, type FeatureName, TAG_FEATURES } from "@shared/text-analysis/essay-profile.ts";
import type { JudgeModel } from "../judge-model.ts";

/**
 * The dimension each feature the offline CJ judge weighs speaks for. Length and sentence count are
 * development; distinct and long words vocabulary; sentence shape, commas (clause structure) and the
 * part-of-speech shares and bigrams syntax; mechanics and proofreading slips conventions.
 * Phraseology has no judge feature.
 */
export const JUDGE_FEATURE_DIMENSION: Record<FeatureName, FeedbackDimension> = {
  log_words: "development", length_beyond_150: "development", length_beyond_300: "development", length_beyond_500: "development",
  log_sentences: "development",
  log_paragraphs: "organisation",
  connectives_per_sentence: "cohesion", distinct_connectives: "cohesion", adjacent_overlap: "cohesion",
  mean_sentence_length: "syntax", sentence_length_sd: "syntax", long_sentence_share: "syntax", commas_per_sentence: "syntax",
  ...(Object.fromEntries(TAG_FEATURES.map((f) => [f, "syntax"])) as Record<(typeof TAG_FEATURES)[number], "syntax">),
  log_types: "vocabulary", log_long_words: "vocabulary", mattr: "vocabulary", mean_word_length: "vocabulary", long_word_share: "vocabulary",
  mean_zipf: "vocabulary", rare_word_share: "vocabulary",
  grammar_error_rate: "grammar",
  spelling_error_rate: "conventions", spelling_beyond_5pct: "conventions", lowercase_start_share: "conventions",
  unpunctuated_paragraph_share: "conventions", repeated_word_rate: "conventions", lowercase_i_rate: "conventions",
  prompt_coverage: "relevance",
};

/**
 * Judge features whose batch norm travels (ai-feedback norms the NLP metrics) under the name of a
 * signal measured the same way, as the writer's own signals already treat them. The batch's
 * log_words is ln(n) where the judge's is ln(1 + n): under 0.01 apart from 100 words on, ignored.
 * The rest (hinges, tag shares, mechanics) have no batch norm and are read against the training mean.
 */
const BATCH_NORM_OF: Partial<Record<FeatureName, string>> = {
  log_words: "log_words", mean_sentence_length: "mean_sentence_length", adjacent_overlap: "adjacent_sentence_overlap",
  connectives_per_sentence: "connectives_per_sentence", long_word_share: "long_word_share", mean_zipf: "mean_zipf",
  rare_word_share: "rare_word_share",
};

/** How a judge evidence item names its feature. */
export const JUDGE_SIGNAL_PREFIX = "judge:";
/** Contributions smaller than this (logits, against the reference) are not worth a teacher's reading. */
const MIN_RELATIVE = 0.02;
const MAX_ITEMS = 3;
const round = (x: number) => Math.round(x * 1000) / 1000;

/** One judge feature's pull on the essay's ability, beside the same pull at its reference (batch or training) mean. */
export interface JudgeContribution {
  readonly feature: FeatureName;
  readonly dimension: FeedbackDimension;
  /** weight × (value − training mean) / training SD: what the judge adds to the essay's ability. */
  readonly contribution: number;
  /** The same at the batch's mean when the batch has a norm for it, else 0 (the training mean). */
  readonly expected: number;
  /** Training SDs from the reference, oriented by the weight's sign: negative pulls the essay down. */
  readonly z: number;
}

/**
 * The judge's contributions to this essay, each beside its batch's mean contribution when the batch
 * has a norm for that feature, else beside the training mean's (zero). Features the essay was not
 * measured on are left out.
 */
export function judgeContributions(judge: JudgeModel, profile: EssayProfile, batch: BatchNorms = {}): JudgeContribution[] {
  const out: JudgeContribution[] = [];
  for (const t of judge.terms) {
    const value = profile.features[t.name];
    const dimension = JUDGE_FEATURE_DIMENSION[t.name];
    if (value === undefined || !Number.isFinite(value) || t.weight === 0 || dimension === undefined) continue;
    const normName = BATCH_NORM_OF[t.name];
    const batchMean = normName !== undefined ? batch[normName]?.mean : undefined;
    const contribution = (t.weight * (value - t.mean)) / t.sd;
    const expected = batchMean === undefined ? 0 : (t.weight * (batchMean - t.mean)) / t.sd;
    out.push({ feature: t.name, dimension, contribution, expected, z: (contribution - expected) / Math.abs(t.weight) });
  }
  return out;
}

/**
 * The judge's evidence for a focus area: the dimension's features that pull the essay's ability
 * below its reference most, worst first. Source "model": the writer reads the fitted judge's
 * coefficients on this essay's own profile, whether or not a CJ run ranked it ("cj" is the run's
 * own outcome, its position).
 */
export function judgeShortfalls(contributions: readonly JudgeContribution[], dimension: FeedbackDimension): FeedbackEvidence[] {
  return contributions
    .filter((c) => c.dimension === dimension && c.contribution - c.expected <= -MIN_RELATIVE)
    .sort((a, b) => a.contribution - a.expected - (b.contribution - b.expected))
    .slice(0, MAX_ITEMS)
    .map((c) => ({ signal: `${JUDGE_SIGNAL_PREFIX}${c.feature}`, value: round(c.contribution), expected: round(c.expected), z: round(c.z), source: "model" }));
}
