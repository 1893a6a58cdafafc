import type { Language } from "@shared/contracts/enums.ts";
import { adjacentSentenceOverlap, connectivesPerSentence } from "@shared/text-analysis/cohesion.ts";
import { lexicalDensityFromTags, lexicalDensityFromWordList } from "@shared/text-analysis/lexical-density.ts";
import { hypergeometricDiversity, measureOfTextualLexicalDiversity, typeTokenRatio } from "@shared/text-analysis/lexical-diversity.ts";
import type { PartOfSpeechTagger } from "@shared/text-analysis/part-of-speech.ts";
import { syntacticComplexity } from "@shared/text-analysis/syntactic-complexity.ts";
import type { ZipfLookup } from "@shared/text-analysis/word-frequency.ts";
import type { GrammarCheckResponse } from "@shared/contracts/grammar.ts";
import { misspelledWordsOf, type SpellingCheck } from "@shared/text-analysis/spelling-errors.ts";
import { categoryRatesPer100Words, grammarIssuesPer100Words } from "./grammar-issues.ts";
import { syllable } from "syllable";
import type { EnglishTextMetrics, SwedishTextMetrics, TextMetrics } from "./metrics-schema.ts";
import { fleschReadingEase, lix } from "./readability.ts";
import { segmentText, type MetricWord } from "./text-segments.ts";

const LONG_WORD_LETTERS = 6;
const RARE_ZIPF = 3;

/** Language resources the richer metrics need; a metric whose resource is missing is null. */
export interface TextMetricResources {
  readonly zipf?: ZipfLookup | undefined;
  readonly tagger?: PartOfSpeechTagger | undefined;
  /** The text's grammar check, when a checker ran. */
  readonly grammar?: GrammarCheckResponse | undefined;
  /** The Hunspell check of the language, for the spelling error rate. */
  readonly isSpelledCorrectly?: SpellingCheck | undefined;
}

/**
 * Text metrics of one essay, with the readability index of its language.
 *
 * @example computeTextMetrics("The cat sat on the mat.", "en").flesch_reading_ease // 116.145
 */
export function computeTextMetrics(text: string, language: "en", resources?: TextMetricResources): EnglishTextMetrics;
export function computeTextMetrics(text: string, language: "sv", resources?: TextMetricResources): SwedishTextMetrics;
export function computeTextMetrics(text: string, language: Language, resources?: TextMetricResources): TextMetrics;
export function computeTextMetrics(text: string, language: Language, resources: TextMetricResources = {}): TextMetrics {
  const { paragraphs } = segmentText(text);
  const sentences = paragraphs.flat();
  const words: MetricWord[] = sentences.flat();
  const types = words.map((w) => w.type);
  const longWords = words.filter((w) => w.letters > LONG_WORD_LETTERS).length;
  const common = {
    word_count: words.length,
    sentence_count: sentences.length,
    paragraph_count: paragraphs.length,
    mean_word_length: mean(words.reduce((sum, w) => sum + w.characters, 0), words.length),
    mean_sentence_length: mean(words.length, sentences.length),
    type_token_ratio: typeTokenRatio(types),
    mtld: measureOfTextualLexicalDiversity(types),
    long_word_share: mean(longWords, words.length),
    hdd: hypergeometricDiversity(types),
    ...richerMetrics(text, sentences, language, resources),
    grammar_issues_per_100_words: resources.grammar === undefined ? null : grammarIssuesPer100Words(resources.grammar, words.length),
    ...categoryRatesPer100Words(resources.grammar, words.length),
    spelling_errors_per_100_words: resources.isSpelledCorrectly === undefined || words.length === 0
      ? null
      : (100 * misspelledWordsOf(text, resources.isSpelledCorrectly).length) / words.length,
    grammar_checker: resources.grammar === undefined || resources.grammar.checker === "none" ? null : resources.grammar.checker,
  };
  if (language === "sv") {
    return { language, ...common, lix: lix({ words: words.length, sentences: sentences.length, longWords }) };
  }
  // Numbers count as one syllable: the package finds none in "2019".
  const syllables = words.reduce((sum, w) => sum + Math.max(1, syllable(w.surface)), 0);
  return {
    language,
    ...common,
    flesch_reading_ease: fleschReadingEase({ words: words.length, sentences: sentences.length, syllables }),
  };
}

/** Frequency profile, density, cohesion and syntax: measured with the shared text-analysis module. */
function richerMetrics(
  text: string,
  sentences: ReadonlyArray<ReadonlyArray<MetricWord>>,
  language: Language,
  { zipf, tagger }: TextMetricResources,
) {
  const types = sentences.flat().map((w) => w.type);
  const tags = tagger?.(text);
  const syntax = tags === undefined ? null : syntacticComplexity(tags, sentences.length);
  return {
    lexical_density: tags === undefined ? lexicalDensityFromWordList(types, language) : lexicalDensityFromTags(tags),
    ...frequencyProfile(types, zipf),
    connectives_per_sentence: connectivesPerSentence(text, sentences.length, language),
    adjacent_sentence_overlap: adjacentSentenceOverlap(sentences.map((s) => s.map((w) => w.surface).join(" ")), language),
    subordinators_per_sentence: syntax?.subordinators_per_sentence ?? null,
    verbs_per_sentence: syntax?.verbs_per_sentence ?? null,
    adjectives_per_noun: syntax?.adjectives_per_noun ?? null,
  };
}

/** Mean Zipf and rare share of listed words over three letters (function words and misspellings left out). */
function frequencyProfile(types: readonly string[], zipf: ZipfLookup | undefined) {
  if (zipf === undefined) return { mean_zipf: null, rare_word_share: null };
  const values = types.filter((t) => /^\p{L}{4,}$/u.test(t)).map((t) => zipf(t)).filter((z) => z !== undefined);
  if (values.length === 0) return { mean_zipf: null, rare_word_share: null };
  return {
    mean_zipf: values.reduce((sum, z) => sum + z, 0) / values.length,
    rare_word_share: values.filter((z) => z < RARE_ZIPF).length / values.length,
  };
}

function mean(total: number, n: number): number | null {
  return n === 0 ? null : total / n;
}
