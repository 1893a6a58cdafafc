import type { SpellLanguage } from "./speller.ts";

/** Words after which a noun phrase follows ("a letter", "my friend"), per language. */
const DETERMINERS: Record<SpellLanguage, ReadonlySet<string>> = {
  en: new Set(["a", "an", "the", "my", "your", "his", "her", "its", "our", "their", "this", "that", "these", "those", "every", "each", "some", "any", "no"]),
  sv: new Set(["en", "ett", "min", "mitt", "mina", "din", "ditt", "dina", "hans", "hennes", "vår", "vårt", "våra", "deras", "varje", "någon", "något", "några"]),
};

/** Common words that never open the noun phrase after a determiner ("a later", "my than"). */
const NOT_AFTER_DETERMINER: Record<SpellLanguage, ReadonlySet<string>> = {
  en: new Set(("later than then there their they them were where when what which who whom whose was is are " +
    "been being have has had do does did not and or but if of to from with by at in on for as so too very " +
    "also just only even still already never always often soon again here now how why would could should " +
    "will shall might must can may into onto upon about after before because while since until unless " +
    "though although it he she we you me him us i").split(" ")),
  sv: new Set(("och eller men att som är var har hade inte det den de han hon vi ni jag du sig så då när där " +
    "här nu redan aldrig alltid ofta också bara även från till med för på av om under efter innan").split(" ")),
};

/** Evidence a candidate gets from its surroundings, in Zipf units. */
const SEEN_IN_TEXT = 1;
const AFTER_DETERMINER_MISMATCH = -3;

export interface SpellingNeighbourhood {
  readonly previousWord: string | undefined;
  /** Lowercase words of the whole text the dictionary accepts. */
  readonly wordsInText: ReadonlySet<string>;
}

/**
 * Context evidence for a candidate: a word the writer spells correctly elsewhere in the same text
 * is likelier to be meant here, and a word that cannot follow a determiner is not meant after one.
 *
 * @example contextEvidence("en", { previousWord: "a", wordsInText })("later") // -3
 */
export function contextEvidence(language: SpellLanguage, around: SpellingNeighbourhood): (candidate: string) => number {
  const afterDeterminer = around.previousWord !== undefined && DETERMINERS[language].has(around.previousWord.toLocaleLowerCase());
  return (candidate) => {
    const lower = candidate.toLocaleLowerCase();
    let evidence = around.wordsInText.has(lower) ? SEEN_IN_TEXT : 0;
    if (afterDeterminer && NOT_AFTER_DETERMINER[language].has(lower)) evidence += AFTER_DETERMINER_MISMATCH;
    return evidence;
  };
}
