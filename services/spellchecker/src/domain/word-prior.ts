import type { Language } from "@shared/contracts/enums.ts";
import { SWEDISH_COMMON_WORDS } from "./swedish-common-words.ts";

/** How common a lowercase word is, in Zipf units: 7 for "the", 3 for "barely", about 1 for very rare. */
export type WordPrior = (lowercaseWord: string) => number;

/** A dictionary word absent from the frequency list: rare, but a word. */
export const UNLISTED_ZIPF = 1;
/** Zipf units a possessive "'s" form has below its noun (a noun is possessive in a few per cent of its uses). */
const POSSESSIVE_DISCOUNT = 1.3;
const POSSESSIVE = /\p{L}['’]s$/u;
/** Swedish has no frequency list (see swedish-common-words.ts): two tiers stand in for one. */
const SWEDISH_COMMON_ZIPF = 5;
const SWEDISH_OTHER_ZIPF = 2.5;

/**
 * The frequency prior of the spelling corrector: SUBTLEX Zipf values for English, two tiers
 * (common form or not) for Swedish, and a flat prior when there is no list at all.
 *
 * @example buildWordPrior("en", table)("house") // ≈ 5.2
 */
export function buildWordPrior(language: Language, frequencies?: ReadonlyMap<string, number>): WordPrior {
  if (frequencies !== undefined) {
    // SUBTLEX splits contractions at the apostrophe ("don't" counts as "don"), so a contraction
    // takes the value of its first part.
    // A possessive is far rarer than its noun, whose count it would otherwise take whole
    // ("control's" is not as common as "control").
    return (word) => frequencies.get(word)
      ?? (frequencies.get(word.split(/['’]/)[0] ?? "") ?? UNLISTED_ZIPF) - (POSSESSIVE.test(word) ? POSSESSIVE_DISCOUNT : 0);
  }
  if (language === "sv") {
    const common = new Set(SWEDISH_COMMON_WORDS);
    return (word) => (common.has(word) ? SWEDISH_COMMON_ZIPF : SWEDISH_OTHER_ZIPF);
  }
  return () => UNLISTED_ZIPF;
}
