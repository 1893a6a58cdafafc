import type { Language } from "@shared/contracts/enums.ts";
import { syllable } from "syllable";
import { measureOfTextualLexicalDiversity, typeTokenRatio } from "./lexical-diversity.ts";
import type { EnglishTextMetrics, SwedishTextMetrics, TextMetrics } from "./metrics-schema.ts";
import { fleschReadingEase, lix } from "./readability.ts";
import { segmentText, type MetricWord } from "./text-segments.ts";

const LONG_WORD_LETTERS = 6;

/**
 * Text metrics of one essay, with the readability index of its language.
 *
 * @example computeTextMetrics("The cat sat on the mat.", "en").flesch_reading_ease // 116.145
 */
export function computeTextMetrics(text: string, language: "en"): EnglishTextMetrics;
export function computeTextMetrics(text: string, language: "sv"): SwedishTextMetrics;
export function computeTextMetrics(text: string, language: Language): TextMetrics;
export function computeTextMetrics(text: string, language: Language): TextMetrics {
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

function mean(total: number, n: number): number | null {
  return n === 0 ? null : total / n;
}
