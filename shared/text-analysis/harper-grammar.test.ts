import { describe, expect, test } from "bun:test";
import { createHarperCounter, harperCategoryOf } from "./harper-grammar.ts";

const count = createHarperCounter();

describe("Harper findings for scoring", () => {
  test("lint kinds map onto our categories", () => {
    expect(harperCategoryOf("Agreement")).toBe("grammar");
    expect(harperCategoryOf("Miscellaneous")).toBe("grammar");
    expect(harperCategoryOf("Spelling")).toBe("spelling");
    expect(harperCategoryOf("Punctuation")).toBe("punctuation");
    expect(harperCategoryOf("Capitalization")).toBe("typography");
    expect(harperCategoryOf("Repetition")).toBe("style");
    expect(harperCategoryOf("SomethingNew")).toBe("other");
  });

  test("counts article and agreement errors as grammar, every category present", async () => {
    const counts = await count("This is a apple. He go to school every day.");
    expect(counts.grammar).toBeGreaterThanOrEqual(2);
    expect(Object.keys(counts).sort()).toEqual(["grammar", "other", "punctuation", "spelling", "style", "typography"]);
  }, 60_000);

  test("a clean text has no grammar findings, and Harper's spell check is off (our speller counts spelling)", async () => {
    expect((await count("The students read the book together after lunch.")).grammar).toBe(0);
    expect((await count("The studnets red the bok togehter.")).spelling).toBe(0);
  }, 60_000);

  test("anonymised tokens are read as a name, not as errors", async () => {
    const counts = await count("Yesterday @PERSON1 met @CAPS2 at the library in @LOCATION1.");
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(0);
  }, 60_000);
});
