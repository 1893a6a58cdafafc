import { describe, expect, test } from "bun:test";
import { grammarErrorRate, measureEssay, type TextResources } from "./essay-profile.ts";

// A tiny dictionary written for the test: every word below except the misspellings.
const KNOWN = new Set(
  ("the cat sat on mat it was happy because sun warm however dog came and barked loudly then " +
    "left for example birds sang in trees nomen visited a house this is very good").split(" "),
);
const resources: TextResources = { isSpelledCorrectly: (w) => KNOWN.has(w.toLowerCase()) };

const feature = (text: string, name: string, extra: Partial<TextResources> = {}) =>
  measureEssay(text, "en", { ...resources, ...extra }).features[name as "log_words"];

describe("measureEssay", () => {
  test("development: log words grow with length, and the length hinges start at 150/300/500 words", () => {
    const short = "The cat sat on the mat. ".repeat(10);
    const long = "The cat sat on the mat. ".repeat(60);
    expect(feature(long, "log_words")!).toBeGreaterThan(feature(short, "log_words")!);
    expect(feature(short, "length_beyond_150")).toBe(0);
    expect(feature(long, "length_beyond_150")!).toBeCloseTo(Math.log(361) - Math.log(150), 6);
    expect(feature(long, "length_beyond_500")).toBe(0);
  });

  test("spelling: misspelled share, names and placeholders skipped", () => {
    const profile = measureEssay("The catt sat on the matt. @PERSON1 visited Nomen.", "en", resources);
    expect(profile.misspelledWords).toEqual(["catt", "matt"]);
    expect(profile.features.spelling_error_rate).toBeCloseTo(2 / 7, 6);
    expect(profile.features.spelling_beyond_5pct).toBeCloseTo(2 / 7 - 0.05, 6);
  });

  test("anonymised numbers become digits, not words", () => {
    expect(measureEssay("The cat was @NUM1.", "en", resources).wordCount).toBe(3);
  });

  test("cohesion: connectives and overlap between neighbouring sentences", () => {
    const linked = "The dog barked. However, the dog left. For example, birds sang.";
    const plain = "The dog barked. Birds sang. The sun was warm.";
    expect(feature(linked, "connectives_per_sentence")).toBeCloseTo(2 / 3, 6);
    expect(feature(plain, "connectives_per_sentence")).toBe(0);
    expect(feature(linked, "adjacent_overlap")!).toBeGreaterThan(feature(plain, "adjacent_overlap")!);
  });

  test("mechanics: lowercase sentence starts, lowercase 'i', unpunctuated paragraphs, repeated words", () => {
    const sloppy = "the cat sat on the the mat. i was happy\n\nthe dog came and barked and left for the house";
    expect(feature(sloppy, "lowercase_start_share")).toBe(1);
    expect(feature(sloppy, "lowercase_i_rate")!).toBeGreaterThan(0);
    expect(feature(sloppy, "unpunctuated_paragraph_share")).toBe(1);
    expect(feature(sloppy, "repeated_word_rate")!).toBeGreaterThan(0);
    expect(feature("The cat sat. It was happy.", "lowercase_start_share")).toBe(0);
  });

  test("sentences: mean length, spread and run-ons", () => {
    const text = "The cat sat. The dog came and barked loudly then left.";
    expect(feature(text, "mean_sentence_length")).toBe(5.5);
    expect(feature(text, "sentence_length_sd")).toBe(2.5);
    expect(feature(text, "long_sentence_share")).toBe(0);
  });

  test("organisation: paragraphs by blank lines, and by runs of spaces in text without line breaks", () => {
    expect(measureEssay("The cat sat.\n\nThe dog came.", "en", resources).paragraphCount).toBe(2);
    expect(measureEssay("The cat sat.     The dog came.", "en", resources).paragraphCount).toBe(2);
    expect(measureEssay("The cat sat. The dog came.", "en", resources).paragraphCount).toBe(1);
  });

  test("vocabulary: frequency features only with a frequency list, tag shares only with a tagger", () => {
    const text = "The cat sat on the mat because the sun was warm.";
    expect(feature(text, "mean_zipf")).toBeUndefined();
    const zipf = (w: string) => (w === "because" ? 6 : w === "warm" ? 2 : undefined);
    // Content words over three letters: because (6), warm (2); "house" absent.
    expect(feature(text, "mean_zipf", { zipf })).toBe(4);
    expect(feature(text, "rare_word_share", { zipf })).toBe(0.5);
    const tagger = (t: string) => t.split(/\s+/).map((_, i) => (i % 2 === 0 ? "NOUN" : "VERB"));
    expect(feature("a b c d", "pos_noun", { tagger })).toBe(0.5);
  });

  test("prompt coverage is null (and no relevance feature) without prompt text", () => {
    const without = measureEssay("The cat sat.", "en", resources);
    expect(without.promptCoverage).toBeNull();
    expect(without.features.prompt_coverage).toBeUndefined();
    const prompt = "cat mat dogs birds trees house garden fence";
    const withPrompt = measureEssay("The cat sat on the mat.", "en", resources, prompt);
    expect(withPrompt.promptCoverage).toBeCloseTo(2 / 8, 6);
    expect(withPrompt.features.prompt_coverage).toBeCloseTo(2 / 8, 6);
    // A title of a few words is too little to judge relevance by.
    expect(measureEssay("The cat sat on the mat.", "en", resources, "cat mat dogs").promptCoverage).toBeNull();
  });

  test("grammar: findings per 100 words, capped, and absent without a grammar checker", () => {
    const text = "The cat sat on the mat. The dog came and barked loudly then left for the house.";
    expect(measureEssay(text, "en", resources).features.grammar_error_rate).toBeUndefined();
    expect(measureEssay(text, "en", resources, "", { grammarFindings: 1 }).features.grammar_error_rate).toBeCloseTo(100 / 17, 6);
    expect(measureEssay(text, "en", resources, "", { grammarFindings: 0 }).features.grammar_error_rate).toBe(0);
    expect(grammarErrorRate(5, 10)).toBe(10);
    expect(grammarErrorRate(3, 0)).toBe(0);
  });
});
