import type { Language } from "@shared/contracts/enums.ts";
import nspell from "nspell";
import type { SpellingCheck } from "@shared/text-analysis/essay-profile.ts";

const loaded = new Map<Language, Promise<SpellingCheck>>();

// dictionary-en is US English; students taught British spelling must not be counted wrong for it.
const BRITISH_TO_US: readonly [RegExp, string][] = [
  [/our/g, "or"],
  [/isation/g, "ization"],
  [/is(e|es|ed|ing)$/, "iz$1"],
  [/ys(e|es|ed|ing)$/, "yz$1"],
  [/tre(s?)$/, "ter$1"],
  [/ogue(s?)$/, "og$1"],
  [/ll(ed|ing|er|ers)$/, "l$1"],
  [/ence(s?)$/, "ense$1"],
];

async function load(language: Language): Promise<SpellingCheck> {
  const dictionary = language === "sv" ? (await import("dictionary-sv")).default : (await import("dictionary-en")).default;
  // The packages type their files as Uint8Array; nspell's types want Buffers (a view, no copy).
  const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const speller = nspell({ aff: asBuffer(dictionary.aff), dic: asBuffer(dictionary.dic) });
  if (language === "sv") return (word) => speller.correct(word);
  const known = (word: string) => {
    if (speller.correct(word)) return true;
    const lower = word.toLowerCase();
    return BRITISH_TO_US.some(([pattern, us]) => {
      const variant = lower.replace(pattern, us);
      return variant !== lower && speller.correct(variant);
    });
  };
  // Closed compounds the dictionary lacks ("wellbeing") are two known words of four letters or more.
  const compound = (word: string) => {
    for (let cut = 4; cut <= word.length - 4; cut++) {
      if (known(word.slice(0, cut)) && known(word.slice(cut))) return true;
    }
    return false;
  };
  return (word) => known(word) || (word.length >= 8 && compound(word.toLowerCase()));
}

/**
 * The Hunspell check for a language, loaded once per process (Swedish takes about a second).
 * @example const isCorrect = await spellingCheckFor("en"); isCorrect("colour") // true
 */
export function spellingCheckFor(language: Language): Promise<SpellingCheck> {
  let check = loaded.get(language);
  if (!check) {
    check = load(language);
    loaded.set(language, check);
    // A failed load must not be cached forever.
    check.catch(() => loaded.delete(language));
  }
  return check;
}
