import nspell from "nspell";
import type { Language } from "../contracts/enums.ts";
import { isBritishSpelling } from "./british-spelling.ts";
import { buildCompoundLexicon, isPlausibleCompound } from "./compound-lexicon.ts";
import { withoutCompoundOnlyEntries } from "./hunspell-entries.ts";

/** Hunspell affix and dictionary data, as the dictionary-* packages export it. */
export interface HunspellDictionary {
  readonly aff: Uint8Array;
  readonly dic: Uint8Array;
}

/** Whether a word is spelled correctly: the one answer the spellchecker and the judge share. */
export interface HunspellCheck {
  /** In the word list as written (nspell, compound-only parts removed). */
  known(word: string): boolean;
  /** Known, or a regular British form (English) or a plausible compound (Swedish). */
  isCorrect(word: string): boolean;
  /** The affix file's text (its TRY line orders suggestions). */
  readonly affText: string;
}

/**
 * Builds the check from Hunspell data. CPU-bound (Swedish takes about a second): load it once per
 * process through `loadHunspellCheck`.
 */
export function buildHunspellCheck(language: Language, dictionary: HunspellDictionary): HunspellCheck {
  const affText = decode(dictionary.aff);
  const dicText = decode(dictionary.dic);
  const checker = nspell({ aff: affText, dic: withoutCompoundOnlyEntries(affText, dicText).dic });
  disableCompoundRules(checker);
  const lexicon = language === "sv" ? buildCompoundLexicon(affText, dicText) : null;
  const known = (word: string): boolean => checker.correct(word);
  const isCorrect = (word: string): boolean => {
    if (known(word)) return true;
    if (language === "en") return isBritishSpelling(word, known);
    return lexicon !== null && isPlausibleCompound(word, lexicon, (tail) => known(tail));
  };
  return { known, isCorrect, affText };
}

const cache = new Map<Language, Promise<HunspellCheck>>();

/**
 * The process-wide check for a language (dictionary-en / dictionary-sv), loaded on first use.
 * @example (await loadHunspellCheck("sv")).isCorrect("brukar") // true
 */
export function loadHunspellCheck(language: Language): Promise<HunspellCheck> {
  let pending = cache.get(language);
  if (pending === undefined) {
    pending = readDictionary(language).then((dictionary) => buildHunspellCheck(language, dictionary));
    // A failed load must not poison the cache; the next call retries.
    pending.catch(() => cache.delete(language));
    cache.set(language, pending);
  }
  return pending;
}

async function readDictionary(language: Language): Promise<HunspellDictionary> {
  const module = language === "en" ? await import("dictionary-en") : await import("dictionary-sv");
  return module.default;
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
