import { describe, expect, expectTypeOf, test } from "bun:test";
import * as v from "valibot";
import { TextMetricsSchema, type EnglishTextMetrics, type SwedishTextMetrics, type TextMetrics } from "../src/domain/metrics-schema.ts";
import { computeTextMetrics } from "../src/domain/text-metrics.ts";

const fixture = (name: string) => Bun.file(new URL(`./fixtures/${name}`, import.meta.url)).text();

describe("computeTextMetrics: hand-checked values", () => {
  test("LIX of a known Swedish sentence", () => {
    // 7 words, 1 sentence, one word over six letters ("kvällarna"): 7 + 100 · 1/7.
    const m = computeTextMetrics("Jag gillar att läsa böcker på kvällarna.", "sv");
    expect(m.lix).toBeCloseTo(7 + 100 / 7, 10);
    expect(m.word_count).toBe(7);
    expect(m.long_word_share).toBeCloseTo(1 / 7, 10);
    // 3+6+3+4+6+2+9 letters over 7 words.
    expect(m.mean_word_length).toBeCloseTo(33 / 7, 10);
  });

  test("LIX over two sentences of long words", () => {
    // 6 words, 2 sentences, all six longer than six letters: 3 + 100.
    const m = computeTextMetrics("Regeringen presenterade omfattande förändringar. Oppositionen protesterade.", "sv");
    expect(m.lix).toBe(103);
    expect(m.sentence_count).toBe(2);
    expect(m.mean_sentence_length).toBe(3);
  });

  test("Flesch of a simple sentence", () => {
    // 6 one-syllable words in one sentence: 206.835 − 1.015 · 6 − 84.6 · 1.
    expect(computeTextMetrics("The cat sat on the mat.", "en").flesch_reading_ease).toBeCloseTo(116.145, 10);
  });

  test("Flesch of a complex sentence", () => {
    // 7 words, 32 syllables (4+5+4+4+5+5+5), one sentence: 206.835 − 7.105 − 84.6 · 32/7.
    const m = computeTextMetrics(
      "Comprehensive educational institutions necessitate considerable administrative organization.",
      "en",
    );
    expect(m.flesch_reading_ease).toBeCloseTo(206.835 - 1.015 * 7 - (84.6 * 32) / 7, 10);
    expect(m.flesch_reading_ease ?? 0).toBeLessThan(computeTextMetrics("The cat sat on the mat.", "en").flesch_reading_ease ?? 0);
  });

  test("type-token ratio folds case", () => {
    expect(computeTextMetrics("The cat and the hat.", "en").type_token_ratio).toBe(0.8);
  });

  test("MTLD ranks a repetitive text below a diverse one", () => {
    const repetitive = computeTextMetrics("The dog saw the dog. The dog saw the cat. The cat saw the dog and the dog ran.", "en");
    const diverse = computeTextMetrics(
      "The quick brown fox jumps over the lazy dog, while seven wise owls watch the silent fields under a pale moon and a distant storm rolls across the hills.",
      "en",
    );
    expect(repetitive.mtld ?? Infinity).toBeLessThan(diverse.mtld ?? 0);
  });

  test("long-word share counts words over six letters", () => {
    // "because" (7) and "beautiful" (9) of 5 words; "people" (6) is not long.
    expect(computeTextMetrics("People came because beautiful things.", "en").long_word_share).toBeCloseTo(2 / 5, 10);
  });
});

describe("computeTextMetrics: edge cases", () => {
  test("empty text: zero counts, undefined values null", () => {
    for (const text of ["", "   \n\n\t", "... — !"]) {
      expect(computeTextMetrics(text, "en")).toEqual({
        language: "en", word_count: 0, sentence_count: 0, paragraph_count: 0, mean_word_length: null,
        mean_sentence_length: null, type_token_ratio: null, mtld: null, long_word_share: null, flesch_reading_ease: null,
        hdd: null, lexical_density: null, mean_zipf: null, rare_word_share: null, connectives_per_sentence: null,
        adjacent_sentence_overlap: null, subordinators_per_sentence: null, verbs_per_sentence: null, adjectives_per_noun: null,
        grammar_issues_per_100_words: null, issues_grammar_per_100_words: null, issues_punctuation_per_100_words: null,
        issues_typography_per_100_words: null, issues_style_per_100_words: null, issues_other_per_100_words: null,
        spelling_errors_per_100_words: null, grammar_checker: null,
      });
    }
    expect(computeTextMetrics("", "sv").lix).toBeNull();
  });

  test("one word", () => {
    const en = computeTextMetrics("Hello", "en");
    expect(en).toMatchObject({ word_count: 1, sentence_count: 1, paragraph_count: 1, mean_word_length: 5, mean_sentence_length: 1, type_token_ratio: 1, mtld: null, long_word_share: 0 });
    // "Hello" has two syllables: 206.835 − 1.015 − 169.2.
    expect(en.flesch_reading_ease).toBeCloseTo(36.62, 10);
    expect(computeTextMetrics("Hej", "sv").lix).toBe(1);
  });

  test("no punctuation: one sentence per paragraph", () => {
    const m = computeTextMetrics("this text has no punctuation at all\n\nand neither does this one", "en");
    expect(m.paragraph_count).toBe(2);
    expect(m.sentence_count).toBe(2);
    expect(m.word_count).toBe(12);
  });

  test("multiple blank lines are one paragraph break", () => {
    const m = computeTextMetrics("First paragraph here.\n\n\n\n\nSecond one.\n \n \nThird.", "sv");
    expect(m.paragraph_count).toBe(3);
    expect(m.sentence_count).toBe(3);
  });

  test("numbers are words and count one syllable", () => {
    // 3 words, 1 sentence, 1 + 1 + 1 syllables ("2019" counts one).
    const m = computeTextMetrics("In 2019 cats", "en");
    expect(m.word_count).toBe(3);
    expect(m.flesch_reading_ease).toBeCloseTo(206.835 - 1.015 * 3 - 84.6, 10);
  });
});

describe("computeTextMetrics: essays and schema", () => {
  test("plausible metrics for the English essay", async () => {
    const m = computeTextMetrics(await fixture("essay-en.txt"), "en");
    expect(m).toMatchObject({ language: "en", word_count: 418, sentence_count: 28, paragraph_count: 7 });
    expect(m.flesch_reading_ease ?? 0).toBeGreaterThan(50);
    expect(m.flesch_reading_ease ?? 0).toBeLessThan(90);
    expect(m.mtld ?? 0).toBeGreaterThan(50);
    expect(m.mean_word_length ?? 0).toBeGreaterThan(3.5);
    expect(m.mean_word_length ?? 0).toBeLessThan(6);
  });

  test("plausible metrics for the Swedish essay", async () => {
    const m = computeTextMetrics(await fixture("essay-sv.txt"), "sv");
    expect(m).toMatchObject({ language: "sv", word_count: 375, sentence_count: 28, paragraph_count: 7 });
    expect(m.lix ?? 0).toBeGreaterThan(25);
    expect(m.lix ?? 0).toBeLessThan(50);
  });

  test("every result validates against the schema and survives JSON", async () => {
    const texts = ["", "Hello", await fixture("essay-en.txt"), await fixture("essay-sv.txt")];
    for (const text of texts) {
      for (const language of ["en", "sv"] as const) {
        const metrics = computeTextMetrics(text, language);
        expect(v.parse(TextMetricsSchema, JSON.parse(JSON.stringify(metrics)))).toEqual(metrics);
      }
    }
  });

  test("the schema rejects the other language's index and out-of-range values", () => {
    const en = computeTextMetrics("The cat sat on the mat.", "en");
    expect(v.safeParse(TextMetricsSchema, { ...en, lix: 20 }).success).toBe(false);
    expect(v.safeParse(TextMetricsSchema, { ...en, language: "sv" }).success).toBe(false);
    expect(v.safeParse(TextMetricsSchema, { ...en, type_token_ratio: 1.5 }).success).toBe(false);
    expect(v.safeParse(TextMetricsSchema, { ...en, word_count: 2.5 }).success).toBe(false);
  });
});

describe("computeTextMetrics: types", () => {
  test("the language argument narrows the result to its readability index", () => {
    expectTypeOf(computeTextMetrics("x", "en")).toEqualTypeOf<EnglishTextMetrics>();
    expectTypeOf(computeTextMetrics("x", "sv")).toEqualTypeOf<SwedishTextMetrics>();
    expectTypeOf<EnglishTextMetrics["flesch_reading_ease"]>().toEqualTypeOf<number | null>();
    expectTypeOf<TextMetrics["language"]>().toEqualTypeOf<"en" | "sv">();
    expect(computeTextMetrics("x", "sv")).not.toHaveProperty("flesch_reading_ease");
  });
});
