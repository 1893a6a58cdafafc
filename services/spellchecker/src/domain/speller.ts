import type { Language } from "@shared/contracts/enums.ts";
import nspell from "nspell";
import { oneEditAway } from "./candidate-edits.ts";
import { isBritishSpelling } from "./british-spelling.ts";
import { buildCompoundLexicon, isPlausibleCompound, type CompoundLexicon } from "./compound-lexicon.ts";

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
  /** Dictionary words one typing error from `word`, and its capitalised form if a name. */
  suggest(word: string): readonly string[];
}

/**
 * Builds a speller from Hunspell data. CPU-bound (the Swedish list takes about a second and
 * some 200 MB): call it once per process through `loadSpeller`.
 */
export function buildSpeller(language: SpellLanguage, dictionary: HunspellDictionary): Speller {
  const checker = nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  disableCompoundRules(checker);
  const affText = decode(dictionary.aff);
  const lexicon = language === "sv" ? buildCompoundLexicon(affText, decode(dictionary.dic)) : null;
  const known = (word: string): boolean => checker.correct(word);
  const alphabet = suggestionAlphabet(affText);
  return {
    language,
    isCorrect: (word) => known(word) || acceptsVariant(language, word, known, lexicon),
    suggest: (word) => suggestKnownWords(word, alphabet, known),
  };
}

function suggestKnownWords(word: string, alphabet: string, known: (word: string) => boolean): string[] {
  const found: string[] = [];
  const capitalised = word.charAt(0).toLocaleUpperCase() + word.slice(1);
  if (capitalised !== word && known(capitalised)) found.push(capitalised);
  for (const candidate of oneEditAway(word, alphabet)) {
    if (known(candidate)) found.push(candidate);
  }
  return found;
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
