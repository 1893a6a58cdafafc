import { describe, expect, test } from "bun:test";
import { fleschReadingEase, lix } from "../src/domain/readability.ts";

describe("fleschReadingEase", () => {
  test("applies 206.835 − 1.015·W/S − 84.6·Syl/W", () => {
    // "The cat sat on the mat.": 6 words, 1 sentence, 6 syllables.
    expect(fleschReadingEase({ words: 6, sentences: 1, syllables: 6 })).toBeCloseTo(116.145, 10);
    // 100 words, 5 sentences, 150 syllables: 206.835 − 20.3 − 126.9.
    expect(fleschReadingEase({ words: 100, sentences: 5, syllables: 150 })).toBeCloseTo(59.635, 10);
  });

  test("is null without words or sentences", () => {
    expect(fleschReadingEase({ words: 0, sentences: 0, syllables: 0 })).toBeNull();
    expect(fleschReadingEase({ words: 3, sentences: 0, syllables: 3 })).toBeNull();
  });
});

describe("lix", () => {
  test("adds words per sentence and the percentage of long words", () => {
    expect(lix({ words: 10, sentences: 2, longWords: 3 })).toBe(35);
    expect(lix({ words: 7, sentences: 1, longWords: 1 })).toBeCloseTo(7 + 100 / 7, 10);
  });

  test("is null without words or sentences", () => {
    expect(lix({ words: 0, sentences: 0, longWords: 0 })).toBeNull();
  });
});
