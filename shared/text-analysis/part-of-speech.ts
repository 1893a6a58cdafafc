import type { Language } from "../contracts/enums.ts";

/** Universal POS tags the profile counts (wink-nlp's tag set). */
export const COUNTED_TAGS = ["NOUN", "VERB", "ADJ", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "DET", "AUX", "PROPN"] as const;
export type CountedTag = (typeof COUNTED_TAGS)[number];

/** Tags of the words of one text, in order; punctuation and spaces left out. */
export type PartOfSpeechTagger = (text: string) => string[];

let english: Promise<PartOfSpeechTagger> | undefined;

async function loadEnglish(): Promise<PartOfSpeechTagger> {
  const winkNLP = (await import("wink-nlp")).default;
  const model = (await import("wink-eng-lite-web-model")).default;
  const nlp = winkNLP(model);
  const its = nlp.its;
  return (text) => {
    const tokens = nlp.readDoc(text).tokens();
    const types = tokens.out(its.type) as string[];
    const tags = tokens.out(its.pos) as string[];
    return tags.filter((_, i) => types[i] === "word");
  };
}

/**
 * A part-of-speech tagger for the language, loaded once per process (English: wink-nlp's light
 * model, ~2 ms per 400 words); undefined for Swedish, which has no tagger among our packages.
 * @example (await taggerFor("en"))?.("She runs.") // ["PRON", "VERB"]
 */
export function taggerFor(language: Language): Promise<PartOfSpeechTagger | undefined> {
  if (language !== "en") return Promise.resolve(undefined);
  english ??= loadEnglish();
  return english;
}

/** Share of words carrying each counted tag. */
export function tagShares(tags: readonly string[]): Record<CountedTag, number> {
  const shares = Object.fromEntries(COUNTED_TAGS.map((t) => [t, 0])) as Record<CountedTag, number>;
  if (tags.length === 0) return shares;
  for (const tag of tags) if (tag in shares) shares[tag as CountedTag] += 1;
  for (const tag of COUNTED_TAGS) shares[tag] /= tags.length;
  return shares;
}
