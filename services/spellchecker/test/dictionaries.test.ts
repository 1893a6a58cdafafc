import { describe, expect, test } from "bun:test";
import { loadSpeller } from "../src/domain/dictionaries.ts";

describe("loadSpeller", () => {
  test("loads each language once per process", async () => {
    const [a, b] = await Promise.all([loadSpeller("en"), loadSpeller("en")]);
    expect(a).toBe(b);
    expect(await loadSpeller("en")).toBe(a);
    expect(a.language).toBe("en");
    expect((await loadSpeller("sv")).language).toBe("sv");
  });
});

describe("English speller", () => {
  test("knows words, contractions and possessives", async () => {
    const en = await loadSpeller("en");
    for (const word of ["receive", "don't", "don’t", "teacher's", "London", "email"]) {
      expect(en.isCorrect(word)).toBe(true);
    }
  });

  test("accepts British spelling on top of the American dictionary", async () => {
    const en = await loadSpeller("en");
    for (const word of ["colour", "realise", "centre", "travelled", "favourite", "grey", "defence"]) {
      expect(en.isCorrect(word)).toBe(true);
    }
  });

  test("rejects misspellings and suggests close known words", async () => {
    const en = await loadSpeller("en");
    expect(en.isCorrect("recieve")).toBe(false);
    expect(en.suggest("recieve")).toContain("receive");
    expect(en.suggest("stockholm")).toContain("Stockholm");
  });

  test("the far search reaches names in their capitals and words with the first two letters swapped", async () => {
    const en = await loadSpeller("en");
    expect(en.suggest("norwey", 1.5)).toContain("Norway");
    expect(en.suggest("norwey")).not.toContain("Norway");
    expect(en.suggest("ohsue", 1.5)).toContain("house");
  });
});

describe("Swedish speller", () => {
  test("rejects nonsense (nspell's COMPOUNDRULE regexps would accept every string)", async () => {
    const sv = await loadSpeller("sv");
    for (const word of ["xyzqq", "efterssom", "därfor", "skolaan"]) expect(sv.isCorrect(word)).toBe(false);
  });

  test("knows inflected words and listed compounds", async () => {
    const sv = await loadSpeller("sv");
    for (const word of ["skolan", "eleverna", "fotbollsmatchen", "samhället", "Malmö"]) {
      expect(sv.isCorrect(word)).toBe(true);
    }
  });

  test("accepts compounds the word list lacks, built from flagged parts", async () => {
    const sv = await loadSpeller("sv");
    for (const word of ["skärmtid", "mobilförbudet", "samhällskunskapsboken"]) expect(sv.isCorrect(word)).toBe(true);
  });

  test("does not take misspellings for compounds", async () => {
    const sv = await loadSpeller("sv");
    for (const word of ["tilsammans", "verkligten", "nämnligen", "framtidden", "anlening", "mäniskor"]) {
      expect(sv.isCorrect(word)).toBe(false);
    }
  });

  test("suggests one-edit words including dropped accents", async () => {
    const sv = await loadSpeller("sv");
    expect(sv.suggest("därfor")).toContain("därför");
    expect(sv.suggest("tilsammans")).toContain("tillsammans");
  });
});

describe("Swedish common words (the compound-only bug)", () => {
  test("forms whose homonym is a compound-only entry are words", async () => {
    const sv = await loadSpeller("sv");
    for (const word of ["älskar", "brukar", "gatan", "spelar", "lyssnar", "arbetar", "fick"]) expect(sv.isCorrect(word)).toBe(true);
  });

  test("every listed common Swedish form is accepted", async () => {
    const { SWEDISH_COMMON_WORDS } = await import("../src/domain/swedish-common-words.ts");
    const sv = await loadSpeller("sv");
    expect(SWEDISH_COMMON_WORDS.filter((w) => !sv.isCorrect(w))).toEqual([]);
  });
});
