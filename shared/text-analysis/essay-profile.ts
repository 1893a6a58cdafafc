import type { Language } from "../contracts/enums.ts";
import { normaliseAnonymisedTokens } from "./anonymised.ts";
import { countConnectives } from "./connectives.ts";
import { COUNTED_TAGS, type PartOfSpeechTagger, TAG_BIGRAMS, tagBigramShares, tagShares } from "./part-of-speech.ts";
import type { ZipfLookup } from "./word-frequency.ts";
import { checkSpelling, type SpellingCheck } from "./spelling-errors.ts";
import { contentStems, paragraphsOf, sentencesOf, wordsOf } from "./words.ts";

export type { SpellingCheck };

/** What measuring an essay needs besides its text; frequency list and tagger where the language has them. */
export interface TextResources {
  readonly isSpelledCorrectly: SpellingCheck;
  readonly zipf?: ZipfLookup | undefined;
  readonly tagger?: PartOfSpeechTagger | undefined;
}

/** Features of every language, then those that need a frequency list or a tagger. */
export const BASE_FEATURES = [
  "log_words", "length_beyond_150", "length_beyond_300", "length_beyond_500", "log_types", "log_long_words", "log_sentences", "log_paragraphs", "mattr", "mean_word_length", "long_word_share",
  "spelling_error_rate", "mean_sentence_length", "sentence_length_sd", "commas_per_sentence",
  "lowercase_start_share", "unpunctuated_paragraph_share", "connectives_per_sentence",
  "distinct_connectives", "adjacent_overlap", "long_sentence_share", "repeated_word_rate", "spelling_beyond_5pct",
] as const;
export const FREQUENCY_FEATURES = ["mean_zipf", "rare_word_share"] as const;
export const TAG_FEATURES = [
  ...COUNTED_TAGS.map((t) => `pos_${t.toLowerCase()}` as const),
  ...TAG_BIGRAMS.map((b) => `bigram_${b.toLowerCase()}` as const),
];
export const ENGLISH_ONLY_FEATURES = ["lowercase_i_rate"] as const;
/** Present only when a grammar checker counted the essay (English: Harper; Swedish: none offline). */
export const GRAMMAR_FEATURES = ["grammar_error_rate"] as const;
/** Present only when the assignment's prompt text is known. */
export const RELEVANCE_FEATURES = ["prompt_coverage"] as const;

export type FeatureName =
  | (typeof BASE_FEATURES)[number]
  | (typeof FREQUENCY_FEATURES)[number]
  | (typeof TAG_FEATURES)[number]
  | (typeof ENGLISH_ONLY_FEATURES)[number]
  | (typeof GRAMMAR_FEATURES)[number]
  | (typeof RELEVANCE_FEATURES)[number];

/** One essay measured: named features (absent where the language lacks the resource) and raw counts. */
export interface EssayProfile {
  readonly features: Partial<Record<FeatureName, number>>;
  readonly wordCount: number;
  readonly sentenceCount: number;
  readonly paragraphCount: number;
  readonly misspelledWords: readonly string[];
  /** Share of the prompt's content words the essay takes up; null without prompt text. */
  readonly promptCoverage: number | null;
}

const MATTR_WINDOW = 50;
const LONG_WORD_LETTERS = 7;
const RARE_ZIPF = 3;
// A correctly spelled word missing from the frequency list is rare, not unknown.
const UNLISTED_ZIPF = 1.5;

/**
 * Measure an essay for automated scoring: development, vocabulary, errors, sentences, cohesion,
 * mechanics, organisation. Pure: dictionaries and tagger are passed in.
 * @example measureEssay(text, "en", { isSpelledCorrectly, zipf, tagger }).features.log_words
 */
export function measureEssay(
  rawText: string,
  language: Language,
  resources: TextResources,
  promptText = "",
  grammar: { readonly grammarFindings?: number | undefined } = {},
): EssayProfile {
  const text = normaliseAnonymisedTokens(rawText);
  const paragraphs = paragraphsOf(text);
  const sentences = paragraphs.flatMap(sentencesOf);
  const sentenceWords = sentences.map(wordsOf);
  const words = sentenceWords.flat();
  const lower = words.map((w) => w.toLowerCase());
  const n = words.length;
  const s = Math.max(1, sentences.length);
  const spelling = checkSpelling(sentenceWords, resources.isSpelledCorrectly);
  const lengths = sentenceWords.map((ws) => ws.length);
  const meanLength = n / s;
  const connectives = countConnectives(text.toLowerCase(), language);
  const features: Partial<Record<FeatureName, number>> = {
    log_words: Math.log1p(n),
    // Hinges let the fit give length a saturating effect: decisive between 80 and 200 words, much less at 600.
    length_beyond_150: Math.max(0, Math.log1p(n) - Math.log(150)),
    length_beyond_300: Math.max(0, Math.log1p(n) - Math.log(300)),
    length_beyond_500: Math.max(0, Math.log1p(n) - Math.log(500)),
    log_types: Math.log1p(new Set(lower).size),
    log_long_words: Math.log1p(words.filter((w) => w.length >= LONG_WORD_LETTERS).length),
    log_sentences: Math.log1p(sentences.length),
    log_paragraphs: Math.log1p(paragraphs.length),
    mattr: movingTypeTokenRatio(lower),
    mean_word_length: n === 0 ? 0 : words.reduce((sum, w) => sum + w.length, 0) / n,
    long_word_share: share(words, (w) => w.length >= LONG_WORD_LETTERS),
    spelling_error_rate: spelling.checked === 0 ? 0 : spelling.misspelled.length / spelling.checked,
    mean_sentence_length: Math.min(60, meanLength),
    sentence_length_sd: Math.min(40, Math.sqrt(lengths.reduce((sum, l) => sum + (l - meanLength) ** 2, 0) / s)),
    commas_per_sentence: Math.min(6, (text.match(/,/g)?.length ?? 0) / s),
    lowercase_start_share: sentences.filter((x) => /^["“'(]?\p{Ll}/u.test(x)).length / s,
    unpunctuated_paragraph_share:
      paragraphs.filter((p) => wordsOf(p).length >= 6 && !/[.!?…:;]["”’)]?$/.test(p)).length / Math.max(1, paragraphs.length),
    connectives_per_sentence: Math.min(3, connectives.total / s),
    distinct_connectives: Math.log1p(connectives.distinct),
    adjacent_overlap: adjacentOverlap(sentences, language),
    long_sentence_share: share(lengths, (l) => l > 40),
    // "the the", "to to": slips a proofreading writer catches.
    repeated_word_rate: Math.min(0.05, lower.filter((w, i) => i > 0 && w === lower[i - 1]).length / Math.max(1, n)),
    spelling_beyond_5pct: Math.max(0, (spelling.checked === 0 ? 0 : spelling.misspelled.length / spelling.checked) - 0.05),
  };
  if (resources.zipf) Object.assign(features, frequencyFeatures(lower, spelling.correct, resources.zipf));
  if (resources.tagger) {
    const tags = resources.tagger(text);
    const shares = tagShares(tags);
    for (const tag of COUNTED_TAGS) features[`pos_${tag.toLowerCase()}` as FeatureName] = shares[tag];
    const bigrams = tagBigramShares(tags);
    for (const b of TAG_BIGRAMS) features[`bigram_${b.toLowerCase()}` as FeatureName] = bigrams[b];
  }
  if (grammar.grammarFindings !== undefined) features.grammar_error_rate = grammarErrorRate(grammar.grammarFindings, n);
  const promptCoverage = coverage(promptText, text, language);
  if (promptCoverage !== null) features.prompt_coverage = promptCoverage;
  if (language === "en") features.lowercase_i_rate = Math.min(0.1, lower.filter((w, i) => words[i] === "i").length / Math.max(1, n));
  return {
    features,
    wordCount: n,
    sentenceCount: sentences.length,
    paragraphCount: paragraphs.length,
    misspelledWords: spelling.misspelled,
    promptCoverage,
  };
}

// A handful of findings in a 20-word answer would otherwise dwarf every real essay.
const MAX_GRAMMAR_RATE = 10;

/**
 * Grammar findings per 100 words, capped; one formula for the judge and its fit.
 * @example grammarErrorRate(3, 150) // 2
 */
export function grammarErrorRate(findings: number, wordCount: number): number {
  return wordCount === 0 ? 0 : Math.min(MAX_GRAMMAR_RATE, (100 * findings) / wordCount);
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}

// Function words say nothing about vocabulary; only content words count for sophistication.
const SHORT_WORD = 3;

function frequencyFeatures(lower: readonly string[], correct: ReadonlySet<string>, zipf: ZipfLookup) {
  let sum = 0;
  let count = 0;
  let rare = 0;
  for (const word of lower) {
    if (word.length <= SHORT_WORD || !correct.has(word)) continue;
    const z = Math.min(7, zipf(word) ?? UNLISTED_ZIPF);
    sum += z;
    count++;
    if (z < RARE_ZIPF) rare++;
  }
  return { mean_zipf: count === 0 ? 5 : sum / count, rare_word_share: count === 0 ? 0 : rare / count };
}

function movingTypeTokenRatio(words: readonly string[]): number {
  if (words.length === 0) return 0;
  if (words.length <= MATTR_WINDOW) return new Set(words).size / words.length;
  const counts = new Map<string, number>();
  const add = (w: string, d: number) => {
    const c = (counts.get(w) ?? 0) + d;
    if (c === 0) counts.delete(w);
    else counts.set(w, c);
  };
  for (let i = 0; i < MATTR_WINDOW; i++) add(words[i]!, 1);
  let sum = counts.size;
  for (let i = MATTR_WINDOW; i < words.length; i++) {
    add(words[i]!, 1);
    add(words[i - MATTR_WINDOW]!, -1);
    sum += counts.size;
  }
  return sum / (words.length - MATTR_WINDOW + 1) / MATTR_WINDOW;
}

/** Mean share of content stems a sentence shares with the one before it (local cohesion). */
function adjacentOverlap(sentences: readonly string[], language: Language): number {
  if (sentences.length < 2) return 0;
  let total = 0;
  let previous = contentStems(sentences[0]!, language);
  for (let i = 1; i < sentences.length; i++) {
    const current = contentStems(sentences[i]!, language);
    let shared = 0;
    for (const stem of current) if (previous.has(stem)) shared++;
    total += current.size === 0 ? 0 : shared / current.size;
    previous = current;
  }
  return total / (sentences.length - 1);
}

/**
 * Share of the prompt's topic words (content stems) the essay takes up; null without prompt text.
 * @example promptCoverageOf(contentStems("censorship in libraries", "en"), essay, "en")
 */
export function promptCoverageOf(wanted: ReadonlySet<string>, essay: string, language: Language): number | null {
  if (wanted.size === 0) return null;
  const present = contentStems(normaliseAnonymisedTokens(essay), language);
  let hits = 0;
  for (const stem of wanted) if (present.has(stem)) hits++;
  return hits / wanted.size;
}

// A prompt of a few words ("Being busy") says too little about the topic to measure relevance by.
const MIN_PROMPT_STEMS = 8;

function coverage(promptText: string, essay: string, language: Language): number | null {
  const wanted = contentStems(promptText, language);
  return wanted.size < MIN_PROMPT_STEMS ? null : promptCoverageOf(wanted, essay, language);
}
