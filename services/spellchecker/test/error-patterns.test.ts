import { beforeAll, describe, expect, test } from "bun:test";
import { correctText } from "../src/domain/correct-text.ts";
import { loadSpeller } from "../src/domain/dictionaries.ts";
import { keepsAllLetters, lastLetterPenalty } from "../src/domain/choose-replacement.ts";
import { spellingEditCost } from "../src/domain/edit-cost.ts";
import type { Speller } from "../src/domain/speller.ts";

let en: Speller;
beforeAll(async () => {
  en = await loadSpeller("en");
});

const fixes = (text: string) => correctText(text, en).corrections.map((c) => `${c.original}→${c.replacement}`);

describe("letters writers commonly leave out cost half an edit", () => {
  test("the 'e' of a past tense after a consonant", () => {
    expect(spellingEditCost("threatend", "threatened")).toBe(0.5);
    expect(spellingEditCost("returnd", "returned")).toBe(0.5);
    // Not after a vowel, and not anywhere but before the final 'd'.
    expect(spellingEditCost("paid", "paied")).toBe(1);
    expect(spellingEditCost("hom", "home")).toBe(1);
  });

  test("the 'l' of an adverb's -ly and the 'a' of -ically", () => {
    expect(spellingEditCost("soley", "solely")).toBe(0.5);
    expect(spellingEditCost("basicly", "basically")).toBe(1.25); // "a" 0.5, then a doubled "l"
    expect(spellingEditCost("toy", "toly")).toBe(0.5);
    expect(spellingEditCost("pary", "party")).toBe(1);
  });

  test("a 'c' after an 'x' only when the misspelling has the 'x'", () => {
    expect(spellingEditCost("exept", "except")).toBe(0.5);
    expect(spellingEditCost("exelent", "excellent")).toBe(1.25);
    expect(spellingEditCost("emited", "excited")).toBe(2);
  });

  test("in text: the ending is restored instead of cut off", () => {
    expect(fixes("They returnd home and considerd the offer.")).toEqual(["returnd→returned", "considerd→considered"]);
    expect(fixes("The storm threatend the village.")).toEqual(["threatend→threatened"]);
    expect(fixes("It was basicly an exelent plan, soley his own.")).toEqual(["basicly→basically", "exelent→excellent", "soley→solely"]);
  });
});

describe("plural endings", () => {
  test("the 'e' of '-es' after a hissing sound is a letter commonly left out", () => {
    expect(spellingEditCost("churchs", "churches")).toBe(0.5);
    expect(spellingEditCost("boxs", "boxes")).toBe(0.5);
    expect(spellingEditCost("cats", "cates")).toBe(1);
  });

  test("in text: a plural-shaped misspelling becomes the plural, not a possessive", () => {
    expect(fixes("The new controlls are easy and the approachs differ.")).toEqual(["controlls→controls", "approachs→approaches"]);
  });
});

describe("the last letter the writer typed", () => {
  test("a candidate that drops or changes it ranks lower", () => {
    expect(lastLetterPenalty("broady", "broad")).toBeGreaterThan(0);
    expect(lastLetterPenalty("recipt", "recipe")).toBeGreaterThan(0);
    expect(lastLetterPenalty("recipt", "receipt")).toBe(0);
  });

  test("a silent final 'e', a final double and a slip among the last letters keep the ending", () => {
    expect(lastLetterPenalty("tast", "taste")).toBe(0);
    expect(lastLetterPenalty("paide", "paid")).toBe(0);
    expect(lastLetterPenalty("excell", "excel")).toBe(0);
    expect(lastLetterPenalty("wil", "will")).toBe(0);
    expect(lastLetterPenalty("dreasm", "dreams")).toBe(0);
    expect(lastLetterPenalty("yatch", "yacht")).toBe(0);
  });

  test("in text: the word that keeps the writer's ending wins", () => {
    expect(fixes("I have writen a leter to a contributer.")).toEqual(["writen→written", "leter→letter", "contributer→contributor"]);
    expect(fixes("He was broady right, but the circut was broken.")).toEqual(["broady→broadly", "circut→circuit"]);
  });
});

describe("the 'h' of a digraph is a letter commonly left out", () => {
  test("after t, c, s, w, p or g", () => {
    expect(spellingEditCost("autor", "author")).toBe(0.5);
    expect(spellingEditCost("lengt", "length")).toBe(0.5);
    expect(spellingEditCost("bot", "both")).toBe(0.5);
    expect(spellingEditCost("hat", "that")).toBe(1);
  });

  test("in text", () => {
    expect(fixes("The autor of the book is famous.")).toEqual(["autor→author"]);
  });
});

describe("a candidate that keeps every letter the writer typed", () => {
  test("keepsAllLetters: the misspelling in order inside a longer candidate", () => {
    expect(keepsAllLetters("shiped", "shipped")).toBe(true);
    expect(keepsAllLetters("shiped", "shaped")).toBe(false);
    expect(keepsAllLetters("mamal", "mama")).toBe(false);
    expect(keepsAllLetters("stong", "strong")).toBe(true);
  });

  test("in text: a double written single is restored rather than a letter changed", () => {
    expect(fixes("The goods were shiped to a mamal park.")).toEqual(["shiped→shipped", "mamal→mammal"]);
  });
});

describe("English patterns stay English", () => {
  test("Swedish edit costs have no English left-out letters", () => {
    expect(spellingEditCost("autor", "author", Infinity, "sv")).toBe(1);
    expect(spellingEditCost("returnd", "returned", Infinity, "sv")).toBe(1);
  });
});

describe("last resorts", () => {
  test("a lowercase name one edit away that the frequency list lacks gets its capitals", () => {
    expect(fixes("we drove to heidelburg and nuremburg.")).toEqual(["heidelburg→Heidelberg", "nuremburg→Nuremberg"]);
    // A capitalised unknown word mid-sentence is the writer's own name and stays.
    expect(fixes("we met Heidelburg there.")).toEqual([]);
  });

  test("a neighbouring key for the first letter costs less than a first letter spelled otherwise", () => {
    expect(fixes("It lies vetween the hills.")).toEqual(["vetween→between"]);
  });
});
