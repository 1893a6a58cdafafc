import { beforeAll, describe, expect, test } from "bun:test";
import type { GrammarIssue } from "@shared/contracts/grammar.ts";
import { loadHunspellCheck, type HunspellCheck } from "@shared/text-analysis/hunspell-check.ts";
import { categoryRatesPer100Words, summariseIssues } from "../src/domain/grammar-issues.ts";
import { computeTextMetrics } from "../src/domain/text-metrics.ts";

let en: HunspellCheck;
let sv: HunspellCheck;
beforeAll(async () => {
  [en, sv] = await Promise.all([loadHunspellCheck("en"), loadHunspellCheck("sv")]);
});

const issue = (offset: number, category: GrammarIssue["category"]): GrammarIssue => ({
  offset, length: 2, rule_id: `R${offset}`, category, message: "m", suggestions: ["x"],
});

describe("spelling error rate per 100 words (Hunspell)", () => {
  test("two misspellings in eight words: 25 per 100", () => {
    // recieve, freind rejected; "Anna" inside the sentence is a name and not looked up.
    const m = computeTextMetrics("I recieve a letter from my freind Anna.", "en", { isSpelledCorrectly: en.isCorrect });
    expect(m.word_count).toBe(8);
    expect(m.spelling_errors_per_100_words).toBe(25);
  });

  test("a well-spelled text, British and American forms alike, scores 0", () => {
    const m = computeTextMetrics("My favourite colour is blue. My favorite color is red.", "en", { isSpelledCorrectly: en.isCorrect });
    expect(m.spelling_errors_per_100_words).toBe(0);
  });

  test("Swedish: one misspelling in five words is 20 per 100", () => {
    const m = computeTextMetrics("Jag brukar läsa böcker varjee.", "sv", { isSpelledCorrectly: sv.isCorrect });
    expect(m.word_count).toBe(5);
    expect(m.spelling_errors_per_100_words).toBe(20);
  });

  test("null without a dictionary or without words", () => {
    expect(computeTextMetrics("I recieve it.", "en").spelling_errors_per_100_words).toBeNull();
    expect(computeTextMetrics("", "en", { isSpelledCorrectly: en.isCorrect }).spelling_errors_per_100_words).toBeNull();
  });
});

describe("grammar issues per 100 words, per category", () => {
  const text = "He go to school and she go home. They was late , and nobody know why it happen.";
  // 8 + 9 = 17 words (the loose comma is none); two grammar, one punctuation, one style issue, one spelling issue (not rated here).
  const grammar = summariseIssues("en", "harper", [issue(3, "grammar"), issue(24, "grammar"), issue(46, "punctuation"), issue(60, "style"), issue(70, "spelling")]);

  test("each category over the word count; the total leaves spelling out", () => {
    const m = computeTextMetrics(text, "en", { grammar });
    expect(m.word_count).toBe(17);
    expect(m.issues_grammar_per_100_words).toBeCloseTo(200 / 17, 10);
    expect(m.issues_punctuation_per_100_words).toBeCloseTo(100 / 17, 10);
    expect(m.issues_style_per_100_words).toBeCloseTo(100 / 17, 10);
    expect(m.issues_typography_per_100_words).toBe(0);
    expect(m.issues_other_per_100_words).toBe(0);
    expect(m.grammar_issues_per_100_words).toBeCloseTo(400 / 17, 10);
  });

  test("all null when no checker ran", () => {
    expect(categoryRatesPer100Words(summariseIssues("sv", "none", []), 40)).toEqual({
      issues_grammar_per_100_words: null, issues_punctuation_per_100_words: null, issues_typography_per_100_words: null,
      issues_style_per_100_words: null, issues_other_per_100_words: null,
    });
    expect(categoryRatesPer100Words(undefined, 40).issues_grammar_per_100_words).toBeNull();
    expect(categoryRatesPer100Words(grammar, 0).issues_grammar_per_100_words).toBeNull();
  });

  test("200 words with 3 punctuation issues: 1.5 per 100", () => {
    const three = summariseIssues("en", "languagetool", [issue(1, "punctuation"), issue(5, "punctuation"), issue(9, "punctuation")]);
    expect(categoryRatesPer100Words(three, 200).issues_punctuation_per_100_words).toBe(1.5);
  });
});
