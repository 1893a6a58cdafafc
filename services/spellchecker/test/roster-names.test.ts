import { beforeAll, describe, expect, test } from "bun:test";
import { correctText } from "../src/domain/correct-text.ts";
import { loadSpeller } from "../src/domain/dictionaries.ts";
import { NO_ROSTER_NAMES, rosterNames } from "../src/domain/roster-names.ts";
import type { Speller } from "../src/domain/speller.ts";

describe("rosterNames", () => {
  const names = rosterNames(["Anna-Karin", "Öberg", "Kalle", "Lizzie", "Thorne", "van der Berg", "O'Brien", "J.", "  Lars  "]);

  test("case-insensitive, whole names and the parts of double names", () => {
    for (const word of ["Anna-Karin", "anna-karin", "ANNA-KARIN", "Anna", "Karin", "öberg", "ÖBERG", "Kalle", "kalle", "Berg", "O'Brien", "Lars"]) {
      expect({ word, has: names.has(word) }).toEqual({ word, has: true });
    }
  });

  test("possessives: English 's (straight and curly), Swedish and apostrophe-less s, s'", () => {
    for (const word of ["Anna's", "Anna’s", "Annas", "Kalles", "Kalle's", "Karins", "Anna-Karins", "Anna-Karin's", "Öbergs", "Lizzie's", "Thornes", "Lars's", "Lars'", "O'Brien's"]) {
      expect({ word, has: names.has(word) }).toEqual({ word, has: true });
    }
  });

  test("other words are not names: near misses, other possessives, initials, bare 's'", () => {
    for (const word of ["Kallle", "Ann", "Anne", "Annan", "Karina", "Thorn", "Lizzy", "J", "s", "'s", "Kalleses"]) {
      expect({ word, has: names.has(word) }).toEqual({ word, has: false });
    }
    expect(names.has("der")).toBe(true); // "van der Berg": each of its words
  });

  test("decomposed Unicode (NFD) matches the composed name", () => {
    expect(names.has("O\u0308berg")).toBe(true);
    expect(rosterNames(["O\u0308berg"]).has("Öbergs")).toBe(true);
  });

  test("an empty roster, or one of initials only, is no names", () => {
    expect(rosterNames([])).toBe(NO_ROSTER_NAMES);
    expect(rosterNames(["J.", " ", "-"]).size).toBe(0);
    expect(NO_ROSTER_NAMES.has("Anna")).toBe(false);
  });
});

describe("correctText with the roster's names", () => {
  let en: Speller;
  let sv: Speller;
  beforeAll(async () => {
    [en, sv] = await Promise.all([loadSpeller("en"), loadSpeller("sv")]);
  });
  const pairs = (text: string, speller: Speller, names?: string[]) =>
    correctText(text, speller, names ? rosterNames(names) : undefined).corrections.map((c) => [c.original, c.replacement]);

  test("English: names the dictionary would 'correct' stay, real misspellings are still fixed", () => {
    const text = "Kallle and I recieve letters. Thorne is my best freind. I met lizzie today. Kallle's dog is big.";
    // "Kallle's" → "Kale's" is no longer made: a possessive is far rarer than its noun, too rare two edits out.
    // Without the roster the names are taken for misspellings (the reason for issue 12).
    expect(pairs(text, en)).toEqual([["Kallle", "Kale"], ["recieve", "receive"], ["Thorne", "Throne"], ["freind", "friend"], ["lizzie", "Lizzie"]]);
    expect(pairs(text, en, ["Kallle", "Thorne", "Lizzie"])).toEqual([["recieve", "receive"], ["freind", "friend"]]);
  });

  test("English: corrected text keeps the names exactly as written", () => {
    const text = "THORNE wrote it. Teh end.";
    expect(correctText(text, en).correctedText).toBe("THRONE wrote it. The end.");
    expect(correctText(text, en, rosterNames(["Lizzie", "Thorne"])).correctedText).toBe("THORNE wrote it. The end.");
  });

  test("Swedish: a name, its genitive and its lowercase form stay; the rest is corrected", () => {
    const text = "Kallle gick hem efterssom det regnade. Kallles bok är röd. Jag träffade kallle idag.";
    expect(pairs(text, sv)).toEqual([["Kallle", "Kalle"], ["efterssom", "eftersom"], ["Kallles", "Kallas"], ["kallle", "kalle"]]);
    expect(pairs(text, sv, ["Kallle", "Öberg"])).toEqual([["efterssom", "eftersom"]]);
  });

  test("a double name: whole, possessive and as the first part of a compound", () => {
    const sentence = "Kallle-Karin firade Kallle-Karindagen efterssom hon fyllde år. Kallle-Karins bok.";
    expect(pairs(sentence, sv)).toEqual([["Kallle", "Kalle"], ["efterssom", "eftersom"], ["Kallle", "Kalle"]]);
    expect(pairs(sentence, sv, ["Kallle-Karin"])).toEqual([["efterssom", "eftersom"]]);
    const english = "Kallle-Karin went home. Kallle-Karin's book was lost.";
    expect(pairs(english, en)).toEqual([["Kallle", "Kale"], ["Kallle", "Kale"]]);
    expect(pairs(english, en, ["Kallle-Karin"])).toEqual([]);
  });

  test("a roster name that is also a dictionary word changes nothing else in the text", () => {
    const text = "Berg recieve teh book.";
    expect(pairs(text, en, ["Berg"])).toEqual(pairs(text, en));
  });
});
