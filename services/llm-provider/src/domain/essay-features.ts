import type { Language } from "@shared/contracts/enums.ts";
import { contentStems, paragraphsOf, sentencesOf, wordsOf } from "@shared/text-analysis/words.ts";

/** Answers whether a word is spelled correctly (a Hunspell dictionary in production). */
export type SpellingCheck = (word: string) => boolean;

/** Measurable properties of one essay, the inputs of the local judge and local feedback. */
export interface EssayFeatures {
  wordCount: number;
  sentenceCount: number;
  paragraphCount: number;
  /** Words checked for spelling (proper nouns and acronyms are skipped). */
  checkedWords: number;
  misspelledWords: string[];
  spellingErrorRate: number;
  /** Moving-average type–token ratio over 50-word windows: vocabulary range independent of length. */
  lexicalDiversity: number;
  meanSentenceLength: number;
  /** Share of sentences over 40 words (run-ons). */
  longSentenceShare: number;
  /** Share of sentences under 4 words (fragments). */
  shortSentenceShare: number;
  /** Capitalisation and end-punctuation slips per sentence. */
  mechanicsErrorRate: number;
  /** Share of the prompt's content words the essay takes up; null when there is no prompt text. */
  promptCoverage: number | null;
}

const MATTR_WINDOW = 50;

/**
 * Measure an essay. Pure: the spelling dictionary is passed in.
 * @example extractEssayFeatures(text, "en", (w) => speller.correct(w), task.instructions)
 */
export function extractEssayFeatures(
  text: string,
  language: Language,
  isSpelledCorrectly: SpellingCheck,
  promptText = "",
): EssayFeatures {
  const paragraphs = paragraphsOf(text);
  const sentences = paragraphs.flatMap(sentencesOf);
  const words = wordsOf(text);
  const sentenceLengths = sentences.map((s) => wordsOf(s).length);
  const sentenceCount = Math.max(1, sentences.length);
  const spelling = checkSpelling(sentences, isSpelledCorrectly);
  return {
    wordCount: words.length,
    sentenceCount: sentences.length,
    paragraphCount: paragraphs.length,
    checkedWords: spelling.checked,
    misspelledWords: spelling.misspelled,
    spellingErrorRate: spelling.checked === 0 ? 0 : spelling.misspelled.length / spelling.checked,
    lexicalDiversity: movingTypeTokenRatio(words.map((w) => w.toLowerCase())),
    meanSentenceLength: words.length / sentenceCount,
    longSentenceShare: sentenceLengths.filter((n) => n > 40).length / sentenceCount,
    shortSentenceShare: sentenceLengths.filter((n) => n < 4).length / sentenceCount,
    mechanicsErrorRate: mechanicsSlips(paragraphs, sentences, language) / sentenceCount,
    promptCoverage: coverage(promptText, text, language),
  };
}

function checkSpelling(sentences: string[], isSpelledCorrectly: SpellingCheck) {
  let checked = 0;
  const misspelled: string[] = [];
  for (const sentence of sentences) {
    wordsOf(sentence).forEach((word, index) => {
      // Capitalised words inside a sentence are mostly names; all-caps are acronyms.
      if (index > 0 && /^\p{Lu}/u.test(word)) return;
      if (word.length > 1 && word === word.toUpperCase()) return;
      for (const part of word.split("-")) {
        if (!part) continue;
        checked++;
        if (!isSpelledCorrectly(part) && !isSpelledCorrectly(part.toLowerCase())) misspelled.push(part);
      }
    });
  }
  return { checked, misspelled };
}

function movingTypeTokenRatio(words: string[]): number {
  if (words.length === 0) return 0;
  if (words.length <= MATTR_WINDOW) return new Set(words).size / words.length;
  const counts = new Map<string, number>();
  const add = (w: string, d: number) => {
    const n = (counts.get(w) ?? 0) + d;
    if (n === 0) counts.delete(w);
    else counts.set(w, n);
  };
  for (let i = 0; i < MATTR_WINDOW; i++) add(words[i] as string, 1);
  let sum = counts.size;
  for (let i = MATTR_WINDOW; i < words.length; i++) {
    add(words[i] as string, 1);
    add(words[i - MATTR_WINDOW] as string, -1);
    sum += counts.size;
  }
  return sum / (words.length - MATTR_WINDOW + 1) / MATTR_WINDOW;
}

function mechanicsSlips(paragraphs: string[], sentences: string[], language: Language): number {
  let slips = sentences.filter((s) => /^["“'(]?\p{Ll}/u.test(s)).length;
  // Paragraphs of a sentence or more that stop without end punctuation (short lines may be headings).
  slips += paragraphs.filter((p) => wordsOf(p).length >= 6 && !/[.!?…:;]["”’)]?$/.test(p)).length;
  if (language === "en") slips += (sentences.join(" ").match(/(?<![\p{L}'])i(?![\p{L}'])/gu) ?? []).length;
  return slips;
}

function coverage(promptText: string, essay: string, language: Language): number | null {
  const wanted = contentStems(promptText, language);
  if (wanted.size === 0) return null;
  const present = contentStems(essay, language);
  let hits = 0;
  for (const stem of wanted) if (present.has(stem)) hits++;
  return hits / wanted.size;
}
