import { beforeAll, describe, expect, test } from "bun:test";
import { correctText } from "../src/domain/correct-text.ts";
import { loadSpeller } from "../src/domain/dictionaries.ts";
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
