import type { FeedbackDimension, FeedbackEvidence } from "@shared/contracts/feedback.ts";
import type { EssayProfile } from "@shared/text-analysis/essay-profile.ts";
import { type BatchSignal, batchSignalsOf } from "@shared/text-analysis/batch-signals.ts";

/** Signals measured on the essay's own text (no batch norm travels for them; the level's is used). */
export const TEXT_SIGNALS = [
  "lowercase_start_share", "lowercase_i_rate", "unpunctuated_paragraph_share", "sentence_length_sd", "long_sentence_share",
  "commas_per_sentence", "distinct_connectives", "repeated_word_rate", "mattr", "prompt_coverage", "spelling_error_rate",
  "word_choice_per_100_words",
] as const;
export type TextSignal = (typeof TEXT_SIGNALS)[number];
export type SignalName = BatchSignal | TextSignal;
export type Signals = Partial<Record<SignalName, number>>;

/**
 * +1 when more is better, -1 when more is worse: evidence z-scores are oriented so that negative is
 * worse. Sentence length and its spread count against: in school and learner essays (ELLIPSE: every
 * analytic score falls as they rise) long sentences are mostly run-ons, not mature syntax.
 */
export const ORIENTATION: Record<SignalName, 1 | -1> = {
  log_words: 1, words_per_paragraph: -1, mtld: 1, hdd: 1, mean_zipf: -1, rare_word_share: 1, long_word_share: 1,
  mean_sentence_length: -1, subordinators_per_sentence: 1, connectives_per_sentence: 1, adjacent_sentence_overlap: 1,
  lexical_density: 1, grammar_issues_per_100_words: -1, spelling_corrections_per_100_words: -1,
  lowercase_start_share: -1, lowercase_i_rate: -1, unpunctuated_paragraph_share: -1, sentence_length_sd: -1,
  long_sentence_share: -1, commas_per_sentence: 1, distinct_connectives: 1, repeated_word_rate: -1, mattr: 1,
  prompt_coverage: 1, spelling_error_rate: -1, word_choice_per_100_words: -1,
  issues_grammar_per_100_words: -1, issues_punctuation_per_100_words: -1, issues_typography_per_100_words: -1,
};

/** Where each signal was measured, for the evidence a teacher reads. */
export const SOURCE: Record<SignalName, FeedbackEvidence["source"]> = Object.fromEntries(
  Object.keys(ORIENTATION).map((s) => [s, s === "spelling_corrections_per_100_words" ? "spellcheck" : s === "grammar_issues_per_100_words" || s.startsWith("issues_") ? "grammar" : (TEXT_SIGNALS as readonly string[]).includes(s) ? "text" : "nlp"]),
) as Record<SignalName, FeedbackEvidence["source"]>;

/** The signals that speak for each dimension: its evidence, and what must fall short for it to be a focus area. */
export const DIMENSION_SIGNALS: Record<FeedbackDimension, readonly SignalName[]> = {
  development: ["log_words"],
  organisation: ["words_per_paragraph"],
  cohesion: ["distinct_connectives"],
  syntax: ["long_sentence_share", "mean_sentence_length", "sentence_length_sd"],
  vocabulary: ["mtld", "hdd", "mattr", "mean_zipf", "rare_word_share", "long_word_share"],
  phraseology: ["word_choice_per_100_words", "hdd", "mtld"],
  grammar: ["grammar_issues_per_100_words", "issues_grammar_per_100_words"],
  conventions: [
    "spelling_corrections_per_100_words", "spelling_error_rate", "lowercase_start_share", "lowercase_i_rate", "unpunctuated_paragraph_share",
    "issues_punctuation_per_100_words", "issues_typography_per_100_words",
  ],
  relevance: ["prompt_coverage"],
};

export interface SignalInputs {
  readonly profile: EssayProfile;
  /** The NLP phase's metrics (numeric), empty when it has not run. */
  readonly metrics: Readonly<Record<string, number>>;
  /** The spellchecker's correction count; null when it has not run. */
  readonly correctionCount: number | null;
  readonly wordChoiceCount: number;
}

/**
 * Every signal the writer can measure for the essay: the batch signals from NLP metrics and
 * corrections (our own measure where a metric is missing), then those of the text itself.
 */
export function essaySignals({ profile, metrics, correctionCount, wordChoiceCount }: SignalInputs): Signals {
  const f = profile.features;
  const words = Math.max(1, profile.wordCount);
  const own: Record<string, number> = {
    word_count: profile.wordCount, paragraph_count: profile.paragraphCount,
    ...(f.mean_sentence_length !== undefined ? { mean_sentence_length: f.mean_sentence_length } : {}),
    ...(f.adjacent_overlap !== undefined ? { adjacent_sentence_overlap: f.adjacent_overlap } : {}),
    ...(f.connectives_per_sentence !== undefined ? { connectives_per_sentence: f.connectives_per_sentence } : {}),
    ...(f.long_word_share !== undefined ? { long_word_share: f.long_word_share } : {}),
    ...(f.mean_zipf !== undefined ? { mean_zipf: f.mean_zipf } : {}),
    ...(f.rare_word_share !== undefined ? { rare_word_share: f.rare_word_share } : {}),
  };
  const signals: Signals = batchSignalsOf({ ...own, ...metrics }, correctionCount);
  const text: Partial<Record<TextSignal, number | undefined>> = {
    lowercase_start_share: f.lowercase_start_share, lowercase_i_rate: f.lowercase_i_rate,
    unpunctuated_paragraph_share: f.unpunctuated_paragraph_share, sentence_length_sd: f.sentence_length_sd,
    long_sentence_share: f.long_sentence_share, commas_per_sentence: f.commas_per_sentence, distinct_connectives: f.distinct_connectives,
    repeated_word_rate: f.repeated_word_rate, mattr: f.mattr, prompt_coverage: profile.promptCoverage ?? undefined,
    // The dictionary's count stands in for the spellchecker's only when that has not run.
    spelling_error_rate: correctionCount === null ? f.spelling_error_rate : undefined,
    word_choice_per_100_words: (100 * wordChoiceCount) / words,
  };
  for (const [name, value] of Object.entries(text) as [TextSignal, number | undefined][]) {
    if (value !== undefined && Number.isFinite(value)) signals[name] = value;
  }
  return signals;
}
