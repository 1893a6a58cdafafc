import type { BatchNorms, FeedbackDimension, FeedbackEvidence } from "@shared/contracts/feedback.ts";
import { type EssayProfile, type FeatureName, TAG_FEATURES } from "@shared/text-analysis/essay-profile.ts";
import type { JudgeModel } from "../judge-model.ts";

/** +1 when more is better for the student, -1 when more is worse, 0 for a shape term with no direction of its own. */
type Direction = 1 | -1 | 0;

/**
 * Each feature the offline CJ judge weighs: the dimension it speaks for, and which way a teacher
 * would read it. Length and sentence count are development; distinct, long and rare words
 * vocabulary; sentence shape, commas (clause structure) and the part-of-speech shares and bigrams
 * syntax; mechanics and proofreading slips conventions. Phraseology has no judge feature. The length
 * hinges (the fit's saturation of length) and the tag shares are shape terms.
 */
const JUDGE_FEATURES: Record<FeatureName, readonly [FeedbackDimension, Direction]> = {
  log_words: ["development", 1], length_beyond_150: ["development", 0], length_beyond_300: ["development", 0], length_beyond_500: ["development", 0],
  log_sentences: ["development", 1],
  log_paragraphs: ["organisation", 1],
  connectives_per_sentence: ["cohesion", 1], distinct_connectives: ["cohesion", 1], adjacent_overlap: ["cohesion", 1],
  mean_sentence_length: ["syntax", -1], sentence_length_sd: ["syntax", -1], long_sentence_share: ["syntax", -1], commas_per_sentence: ["syntax", 1],
  ...(Object.fromEntries(TAG_FEATURES.map((f) => [f, ["syntax", 0]])) as Record<(typeof TAG_FEATURES)[number], readonly ["syntax", 0]>),
  log_types: ["vocabulary", 1], log_long_words: ["vocabulary", 1], mattr: ["vocabulary", 1], mean_word_length: ["vocabulary", 1],
  long_word_share: ["vocabulary", 1], mean_zipf: ["vocabulary", -1], rare_word_share: ["vocabulary", 1],
  grammar_error_rate: ["grammar", -1],
  spelling_error_rate: ["conventions", -1], spelling_beyond_5pct: ["conventions", 0], lowercase_start_share: ["conventions", -1],
  unpunctuated_paragraph_share: ["conventions", -1], repeated_word_rate: ["conventions", -1], lowercase_i_rate: ["conventions", -1],
  prompt_coverage: ["relevance", 1],
};

/** The dimension a judge feature speaks for. */
export function judgeFeatureDimension(feature: FeatureName): FeedbackDimension | undefined {
  return JUDGE_FEATURES[feature]?.[0];
}

/** The tag shares and bigrams shown as one item: seventy small weights say nothing one by one. */
export const WORD_CLASS_PATTERNS = "word_class_patterns";

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
  /** The feature, or WORD_CLASS_PATTERNS for the tag terms together. */
  readonly feature: FeatureName | typeof WORD_CLASS_PATTERNS;
  readonly dimension: FeedbackDimension;
  /** weight × (value − training mean) / training SD: what the judge adds to the essay's ability. */
  readonly contribution: number;
  /** The same at the batch's mean when the batch has a norm for it, else 0 (the training mean). */
  readonly expected: number;
  /** Training SDs from the reference, oriented by the weight's sign: negative pulls the essay down (null for the tag terms together). */
  readonly z: number | null;
}

/**
 * The judge's contributions to this essay, each beside its batch's mean contribution when the batch
 * has a norm for that feature, else beside the training mean's (zero). Left out: features the essay
 * was not measured on, and those whose weight runs against their teaching direction; the tag
 * terms come as one item.
 */
export function judgeContributions(judge: JudgeModel, profile: EssayProfile, batch: BatchNorms = {}): JudgeContribution[] {
  const out: JudgeContribution[] = [];
  let patterns = 0;
  let tagged = false;
  for (const t of judge.terms) {
    const value = profile.features[t.name];
    const entry = JUDGE_FEATURES[t.name];
    if (value === undefined || !Number.isFinite(value) || t.weight === 0 || entry === undefined) continue;
    const [dimension, direction] = entry;
    const contribution = (t.weight * (value - t.mean)) / t.sd;
    if (direction === 0) {
      // Tag terms count together; the length and spelling hinges only bend their feature's line.
      if (dimension === "syntax") {
        patterns += contribution;
        tagged = true;
      }
      continue;
    }
    // A weight against the teaching direction is the fit correcting a correlated feature (more
    // paragraphs "worse" beside length): shown alone it would tell the student the wrong thing.
    if (Math.sign(t.weight) !== direction) continue;
    const normName = BATCH_NORM_OF[t.name];
    const batchMean = normName !== undefined ? batch[normName]?.mean : undefined;
    const expected = batchMean === undefined ? 0 : (t.weight * (batchMean - t.mean)) / t.sd;
    out.push({ feature: t.name, dimension, contribution, expected, z: (contribution - expected) / Math.abs(t.weight) });
  }
  if (tagged) out.push({ feature: WORD_CLASS_PATTERNS, dimension: "syntax", contribution: patterns, expected: 0, z: null });
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
    .map((c) => ({
      signal: `${JUDGE_SIGNAL_PREFIX}${c.feature}`, value: round(c.contribution), expected: round(c.expected), z: c.z === null ? null : round(c.z), source: "model",
    }));
}
