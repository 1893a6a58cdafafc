import type { Language } from "@shared/contracts/enums.ts";
import nspell from "nspell";
import { oneEditAway } from "./candidate-edits.ts";
import { isBritishSpelling } from "./british-spelling.ts";
import { buildCompoundLexicon, isPlausibleCompound, type CompoundLexicon } from "./compound-lexicon.ts";
import { SWEDISH_COMMON_WORDS } from "./swedish-common-words.ts";
import { withoutCompoundOnlyEntries } from "@shared/text-analysis/hunspell-entries.ts";
import { buildVocabularyIndex, neighboursWithin, type VocabularyIndex } from "./vocabulary-neighbours.ts";
import { buildWordPrior, type WordPrior } from "./word-prior.ts";

export type SpellLanguage = Language;

/** Hunspell affix and dictionary data, as the dictionary-* packages export it. */
export interface HunspellDictionary {
  readonly aff: Uint8Array;
  readonly dic: Uint8Array;
}

/** A loaded dictionary for one language: what `correctText` needs and nothing more. */
export interface Speller {
  readonly language: SpellLanguage;
  /** The word is acceptable as written (dictionary, compound, or regional variant). */
  isCorrect(word: string): boolean;
  /**
   * Dictionary words one typing error from `word`, its capitalised form if a name, and frequent
   * words within `maxCost` (two edits or so) of it.
   */
  suggest(word: string, maxCost?: number): readonly string[];
  /** How common a lowercase word is, in Zipf units (log10 per billion words). */
  readonly prior: WordPrior;
}

/**
 * Builds a speller from Hunspell data. CPU-bound (the Swedish list takes about a second and
 * some 200 MB): call it once per process through `loadSpeller`.
 */
export function buildSpeller(
  language: SpellLanguage,
  dictionary: HunspellDictionary,
  frequencies?: ReadonlyMap<string, number>,
): Speller {
  const affText = decode(dictionary.aff);
  const dicText = decode(dictionary.dic);
  const checker = nspell({ aff: affText, dic: withoutCompoundOnlyEntries(affText, dicText).dic });
  disableCompoundRules(checker);
  const lexicon = language === "sv" ? buildCompoundLexicon(affText, dicText) : null;
  const known = (word: string): boolean => checker.correct(word);
  const isCorrect = (word: string): boolean => known(word) || acceptsVariant(language, word, known, lexicon);
  const alphabet = suggestionAlphabet(affText);
  const prior = buildWordPrior(language, frequencies);
  const vocabulary = buildVocabularyIndex(frequentWords(language, frequencies, isCorrect));
  return {
    language,
    isCorrect,
    suggest: (word, maxCost = 1) => suggestKnownWords(word, alphabet, known, maxCost > 1 ? vocabulary : null, maxCost),
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

/** Words far edits may reach: the frequency list's correctly spelled words, or Swedish's common forms. */
function frequentWords(
  language: SpellLanguage,
  frequencies: ReadonlyMap<string, number> | undefined,
  isCorrect: (word: string) => boolean,
): string[] {
  const listed = frequencies === undefined ? (language === "sv" ? SWEDISH_COMMON_WORDS : []) : [...frequencies.keys()];
  return listed.filter((word) => /^\p{Ll}+$/u.test(word) && isCorrect(word));
}

/** Lowercase letters of the affix file's TRY line, plus the apostrophe of contractions. */
function suggestionAlphabet(affText: string): string {
  const tryLine = /^TRY\s+(\S+)/m.exec(affText)?.[1] ?? "abcdefghijklmnopqrstuvwxyz";
  const letters = Array.from(new Set(Array.from(tryLine.toLocaleLowerCase()))).filter((ch) => /\p{L}/u.test(ch));
  return letters.join("") + "'";
}

function acceptsVariant(
  language: SpellLanguage,
  word: string,
  known: (word: string) => boolean,
  lexicon: CompoundLexicon | null,
): boolean {
  if (language === "en") return isBritishSpelling(word, known);
  return lexicon !== null && isPlausibleCompound(word, lexicon, (tail) => known(tail));
}

/**
 * nspell turns COMPOUNDRULE lines into unanchored, unescaped regular expressions; with
 * dictionary-sv ("." is a word there) every string then counts as correct. The rules only
 * cover digit and number-word compounds, which we never correct, so we drop them.
 */
function disableCompoundRules(checker: nspell): void {
  const internals: unknown = checker;
  if (typeof internals === "object" && internals !== null && "compoundRules" in internals
    && Array.isArray(internals.compoundRules)) {
    internals.compoundRules.length = 0;
  } else {
    throw new Error("nspell internals changed: compoundRules not found");
  }
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}
