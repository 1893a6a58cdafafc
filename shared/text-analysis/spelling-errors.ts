import { normaliseAnonymisedTokens, PLACEHOLDER_NAME } from "./anonymised.ts";
import { paragraphsOf, sentencesOf, wordsOf } from "./words.ts";

/** Answers whether a word is spelled correctly (a Hunspell dictionary in production). */
export type SpellingCheck = (word: string) => boolean;

export interface SpellingTally {
  /** Word parts looked up (hyphenated words count each part). */
  readonly checked: number;
  /** The parts the check rejected, in text order. */
  readonly misspelled: string[];
  /** Lower-cased parts it accepted. */
  readonly correct: Set<string>;
}

/**
 * Looks up the words of each sentence; capitalised words inside a sentence (mostly names),
 * all-caps words (acronyms) and anonymisation placeholders are not looked up.
 * @example checkSpelling([["I", "recieve", "Anna's", "letter"]], check).misspelled // ["recieve"]
 */
export function checkSpelling(sentenceWords: readonly (readonly string[])[], isSpelledCorrectly: SpellingCheck): SpellingTally {
  let checked = 0;
  const misspelled: string[] = [];
  const correct = new Set<string>();
  for (const words of sentenceWords) {
    words.forEach((word, index) => {
      if (word === PLACEHOLDER_NAME || (index > 0 && /^\p{Lu}/u.test(word))) return;
      if (word.length > 1 && word === word.toUpperCase()) return;
      for (const part of word.split("-")) {
        if (!part) continue;
        checked++;
        if (isSpelledCorrectly(part) || isSpelledCorrectly(part.toLowerCase())) correct.add(part.toLowerCase());
        else misspelled.push(part);
      }
    });
  }
  return { checked, misspelled, correct };
}

/**
 * The words of a text the spelling check rejects, by the same rules as `measureEssay`.
 * @example misspelledWordsOf("I recieve teh letter.", check) // ["recieve", "teh"]
 */
export function misspelledWordsOf(rawText: string, isSpelledCorrectly: SpellingCheck): string[] {
  const text = normaliseAnonymisedTokens(rawText);
  const sentenceWords = paragraphsOf(text).flatMap(sentencesOf).map(wordsOf);
  return checkSpelling(sentenceWords, isSpelledCorrectly).misspelled;
}
