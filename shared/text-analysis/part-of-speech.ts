import type { Language } from "../contracts/enums.ts";

/** Universal POS tags the profile counts (wink-nlp's tag set). */
export const COUNTED_TAGS = ["NOUN", "VERB", "ADJ", "ADV", "ADP", "PRON", "SCONJ", "CCONJ", "DET", "AUX", "PROPN"] as const;
export type CountedTag = (typeof COUNTED_TAGS)[number];

/** Tags of the words and punctuation of one text, in order (`PUNCT` for punctuation); spaces left out. */
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
    return tags.filter((_, i) => types[i] === "word" || types[i] === "punctuation");
  };
}

/**
 * A part-of-speech tagger for the language, loaded once per process (English: wink-nlp's light
 * model, ~2 ms per 400 words); undefined for Swedish, which has no tagger among our packages.
 * @example (await taggerFor("en"))?.("She runs.") // ["PRON", "VERB", "PUNCT"]
 */
export function taggerFor(language: Language): Promise<PartOfSpeechTagger | undefined> {
  if (language !== "en") return Promise.resolve(undefined);
  english ??= loadEnglish();
  return english;
}

/** Share of words carrying each counted tag (punctuation not counted as a word). */
export function tagShares(allTags: readonly string[]): Record<CountedTag, number> {
  const tags = allTags.filter((t) => t !== "PUNCT");
  const shares = Object.fromEntries(COUNTED_TAGS.map((t) => [t, 0])) as Record<CountedTag, number>;
  if (tags.length === 0) return shares;
  for (const tag of tags) if (tag in shares) shares[tag as CountedTag] += 1;
  for (const tag of COUNTED_TAGS) shares[tag] /= tags.length;
  return shares;
}

/**
 * The commonest tag bigrams of English essays (word and punctuation tags). Their shares let the fit
 * learn which sequences mark fluent syntax and which mark learner errors ("PRON_PRON", "DET_VERB").
 */
export const TAG_BIGRAMS = [
  "DET_NOUN", "PRON_AUX", "NOUN_PUNCT", "PART_VERB", "ADJ_NOUN", "PRON_VERB", "NOUN_ADP", "VERB_PRON", "ADP_DET",
  "VERB_ADP", "AUX_VERB", "ADP_NOUN", "NOUN_AUX", "PUNCT_PRON", "ADP_PRON", "PRON_NOUN", "NOUN_PRON", "DET_ADJ",
  "VERB_DET", "NOUN_CCONJ", "AUX_PART", "NOUN_NOUN", "SCONJ_PRON", "NOUN_VERB", "VERB_PART", "VERB_NOUN", "ADV_VERB",
  "ADV_PRON", "AUX_ADJ", "VERB_PUNCT", "AUX_DET", "CCONJ_PRON", "PUNCT_DET", "AUX_ADV", "PUNCT_ADV", "PUNCT_CCONJ",
  "ADJ_ADP", "AUX_AUX", "NOUN_PART", "NOUN_ADV", "ADV_ADJ", "VERB_ADJ", "ADJ_PUNCT", "PRON_PUNCT", "PRON_PRON",
  "CCONJ_VERB", "PUNCT_PUNCT", "VERB_ADV",
] as const;
export type TagBigram = (typeof TAG_BIGRAMS)[number];

/** Share of adjacent tag pairs that are each listed bigram. */
export function tagBigramShares(tags: readonly string[]): Record<TagBigram, number> {
  const shares = Object.fromEntries(TAG_BIGRAMS.map((b) => [b, 0])) as Record<TagBigram, number>;
  if (tags.length < 2) return shares;
  for (let i = 1; i < tags.length; i++) {
    const key = `${tags[i - 1]}_${tags[i]}`;
    if (key in shares) shares[key as TagBigram] += 1;
  }
  for (const b of TAG_BIGRAMS) shares[b] /= tags.length - 1;
  return shares;
}
