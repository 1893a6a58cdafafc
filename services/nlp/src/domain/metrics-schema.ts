import * as v from "valibot";
import { GRAMMAR_CHECKERS } from "@shared/contracts/grammar.ts";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nonNegative = v.pipe(v.number(), v.minValue(0));
const share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** Metrics every language gets. A null is a value the text is too short to define. */
const commonMetrics = {
  word_count: count,
  sentence_count: count,
  paragraph_count: count,
  /** Letters and digits per word. */
  mean_word_length: v.nullable(nonNegative),
  /** Words per sentence. */
  mean_sentence_length: v.nullable(nonNegative),
  type_token_ratio: v.nullable(share),
  /** McCarthy & Jarvis MTLD, bidirectional, factor threshold 0.72. */
  mtld: v.nullable(nonNegative),
  /** Share of words with more than six letters. */
  long_word_share: v.nullable(share),
  /** HD-D (McCarthy & Jarvis 2007): expected type-token ratio of a 42-word sample; null under 42 words. */
  hdd: v.nullable(share),
  /** Content words over all words (part-of-speech tags for en; a function-word list for sv). */
  lexical_density: v.nullable(share),
  /** Mean Zipf value (log10 per billion words, SUBTLEX-US) of listed words over three letters; null without a list (sv). */
  mean_zipf: v.nullable(nonNegative),
  /** Share of those words with Zipf below 3 (rarer than about one in a million words). */
  rare_word_share: v.nullable(share),
  /** Discourse connectives (however, for example, därför …) per sentence. */
  connectives_per_sentence: v.nullable(nonNegative),
  /** Mean share of a sentence's content stems that the previous sentence has; null under two sentences. */
  adjacent_sentence_overlap: v.nullable(share),
  /** Subordinating conjunctions per sentence, from the tagger (en); null without one. */
  subordinators_per_sentence: v.nullable(nonNegative),
  /** Verbs and auxiliaries per sentence, from the tagger (en); null without one. */
  verbs_per_sentence: v.nullable(nonNegative),
  /** Adjectives per noun, from the tagger (en); null without one or without nouns. */
  adjectives_per_noun: v.nullable(nonNegative),
  /** Grammar, punctuation, typography and style issues per 100 words (spelling left to the spellchecker). */
  grammar_issues_per_100_words: v.nullable(nonNegative),
  /** Grammar-category issues alone (agreement, verb forms, confused words …) per 100 words; null without a checker. */
  issues_grammar_per_100_words: v.nullable(nonNegative),
  issues_punctuation_per_100_words: v.nullable(nonNegative),
  issues_typography_per_100_words: v.nullable(nonNegative),
  issues_style_per_100_words: v.nullable(nonNegative),
  issues_other_per_100_words: v.nullable(nonNegative),
  /**
   * Words the Hunspell dictionary rejects per 100 words of the measured text (names inside a sentence
   * and acronyms are not looked up). After the spellcheck phase this is what the spellchecker left.
   */
  spelling_errors_per_100_words: v.nullable(nonNegative),
  /** Which checker counted them; null when none ran or it failed. */
  grammar_checker: v.nullable(v.picklist(GRAMMAR_CHECKERS)),
};

export const EnglishTextMetricsSchema = v.strictObject({
  language: v.literal("en"),
  ...commonMetrics,
  /** Unbounded: a one-syllable, one-word sentence scores above 100. */
  flesch_reading_ease: v.nullable(v.number()),
});

export const SwedishTextMetricsSchema = v.strictObject({
  language: v.literal("sv"),
  ...commonMetrics,
  lix: v.nullable(nonNegative),
});

/** One essay's text metrics; the readability index fits the language (Flesch for en, LIX for sv). */
export const TextMetricsSchema = v.pipe(
  v.variant("language", [EnglishTextMetricsSchema, SwedishTextMetricsSchema]),
  v.title("TextMetrics"),
);
export type TextMetrics = v.InferOutput<typeof TextMetricsSchema>;
export type EnglishTextMetrics = v.InferOutput<typeof EnglishTextMetricsSchema>;
export type SwedishTextMetrics = v.InferOutput<typeof SwedishTextMetricsSchema>;
