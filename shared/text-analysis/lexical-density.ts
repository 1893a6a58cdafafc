import type { Language } from "../contracts/enums.ts";

/** Tags of lexical (content) words: nouns, full verbs, adjectives, adverbs (Ure 1971; names count as nouns). */
const LEXICAL_TAGS: ReadonlySet<string> = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV"]);

/**
 * Lexical density from part-of-speech tags: content words over all words; null for no words.
 *
 * @example lexicalDensityFromTags(["DET", "NOUN", "VERB"]) // 2/3
 */
export function lexicalDensityFromTags(allTags: readonly string[]): number | null {
  // The tagger also tags punctuation; density counts words only.
  const tags = allTags.filter((tag) => tag !== "PUNCT");
  if (tags.length === 0) return null;
  return tags.filter((tag) => LEXICAL_TAGS.has(tag)).length / tags.length;
}

// Closed-class Swedish words (pronouns, articles, prepositions, conjunctions, auxiliaries, common
// particles), for languages without a tagger among our packages.
const FUNCTION_WORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set(),
  sv: new Set(("och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så " +
    "kan man när hon under efter eller nu sin där vid mot ska skulle kommer får vara hade alla andra än här då över " +
    "in blir upp även vad vill ha hur mer sitt du honom henne hans hennes deras dem dessa detta denna vilken vilket " +
    "vilka eftersom utan mellan genom inom min mitt mina din ditt dina vår vårt våra er ert era sina oss mig dig " +
    "ni någon något några ingen inget inga varje hos åt bli blev blivit varit kunde måste må fast medan om samt " +
    "både antingen varken eller ty ju nog väl bara också ändå då sedan innan tills trots enligt bland kring runt").split(" ")),
};

/**
 * Lexical density without a tagger: words that are not function words, over all words. A
 * stand-in for Swedish; it counts some adverbs and verbs a tagger would also count as lexical.
 *
 * @example lexicalDensityFromWordList(["jag", "läser", "böcker"], "sv") // 2/3
 */
export function lexicalDensityFromWordList(lowercaseWords: readonly string[], language: Language): number | null {
  if (lowercaseWords.length === 0) return null;
  const functionWords = FUNCTION_WORDS[language];
  return lowercaseWords.filter((w) => !functionWords.has(w)).length / lowercaseWords.length;
}
