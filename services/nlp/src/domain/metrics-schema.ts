import * as v from "valibot";

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
