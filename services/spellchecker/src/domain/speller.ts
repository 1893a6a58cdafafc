import type { Language } from "@shared/contracts/enums.ts";
import { oneEditAway } from "./candidate-edits.ts";
import { SWEDISH_COMMON_WORDS } from "./swedish-common-words.ts";
import type { HunspellCheck } from "@shared/text-analysis/hunspell-check.ts";
import { buildVocabularyIndex, neighboursWithin, type VocabularyIndex } from "./vocabulary-neighbours.ts";
import { buildWordPrior, type WordPrior } from "./word-prior.ts";

export type SpellLanguage = Language;


/** A loaded dictionary for one language: what `correctText` needs and nothing more. */
export interface Speller {
  readonly language: SpellLanguage;
  /** The word is acceptable as written (dictionary, compound, or regional variant). */
  isCorrect(word: string): boolean;
  /**
   * Dictionary words one typing error from `word`, its capitalised form if a name, and, when
   * `maxCost` is given, frequent words and names within that cost of it (a moved letter, a swapped
   * first pair, two edits or so).
   */
  suggest(word: string, maxCost?: number): readonly string[];
  /** Only the far part of `suggest(word, maxCost)`: frequent words and names within `maxCost`. */
  farSuggestions(word: string, maxCost: number): readonly string[];
  /**
   * Names of the dictionary one typing error from a lowercase `word` ("malcom" → "Malcolm"),
   * frequent or not. Slower than `suggest` (each edit is looked up capitalised): a last resort.
   */
  nameSuggestions(word: string): readonly string[];
  /** How common a lowercase word is, in Zipf units (log10 per billion words). */
  readonly prior: WordPrior;
}

/**
 * Builds a speller on the shared Hunspell check (the one the judge uses, loaded once per process by
 * `loadHunspellCheck`); CPU-bound for the vocabulary index: call it once per process through `loadSpeller`.
 */
export function buildSpeller(
  language: SpellLanguage,
  check: HunspellCheck,
  frequencies?: ReadonlyMap<string, number>,
): Speller {
  const { known, isCorrect, affText } = check;
  const alphabet = suggestionAlphabet(affText);
  const prior = buildWordPrior(language, frequencies);
  const vocabulary = buildVocabularyIndex(frequentWords(language, frequencies, isCorrect), language);
  return {
    language,
    isCorrect,
    suggest: (word, maxCost) => suggestKnownWords(word, alphabet, known, maxCost === undefined ? null : vocabulary, maxCost ?? 1),
    farSuggestions: (word, maxCost) => neighboursWithin(vocabulary, word, maxCost),
    nameSuggestions: (word) => namesOneEditAway(word, alphabet, known),
    prior,
  };
}

function suggestKnownWords(
  word: string,
  alphabet: string,
  known: (word: string) => boolean,
  vocabulary: VocabularyIndex | null,
  maxCost: number,
): string[] {
  const found = new Set<string>();
  const capitalised = word.charAt(0).toLocaleUpperCase() + word.slice(1);
  if (capitalised !== word && known(capitalised)) found.add(capitalised);
  for (const candidate of oneEditAway(word, alphabet)) {
    if (known(candidate)) found.add(candidate);
  }
  if (vocabulary !== null) for (const candidate of neighboursWithin(vocabulary, word, maxCost)) found.add(candidate);
  return [...found];
}

function namesOneEditAway(word: string, alphabet: string, known: (word: string) => boolean): string[] {
  const found: string[] = [];
  for (const candidate of oneEditAway(word, alphabet)) {
    const name = candidate.charAt(0).toLocaleUpperCase() + candidate.slice(1);
    if (name !== candidate && known(name)) found.push(name);
  }
  return found;
}

/**
 * Words far edits may reach, in the dictionary's form: the frequency list's correctly spelled
 * words and names ("britain" is listed, "Britain" is correct), or Swedish's common forms.
 */
function frequentWords(
  language: SpellLanguage,
  frequencies: ReadonlyMap<string, number> | undefined,
  isCorrect: (word: string) => boolean,
): string[] {
  const listed = frequencies === undefined ? (language === "sv" ? SWEDISH_COMMON_WORDS : []) : [...frequencies.keys()];
  const out: string[] = [];
  for (const word of listed) {
    if (!/^\p{Ll}+$/u.test(word)) continue;
    if (isCorrect(word)) out.push(word);
    else {
      const name = word.charAt(0).toLocaleUpperCase() + word.slice(1);
      if (isCorrect(name)) out.push(name);
    }
  }
  return out;
}

/** Lowercase letters of the affix file's TRY line, plus the apostrophe of contractions. */
function suggestionAlphabet(affText: string): string {
  const tryLine = /^TRY\s+(\S+)/m.exec(affText)?.[1] ?? "abcdefghijklmnopqrstuvwxyz";
  const letters = Array.from(new Set(Array.from(tryLine.toLocaleLowerCase()))).filter((ch) => /\p{L}/u.test(ch));
  return letters.join("") + "'";
}
