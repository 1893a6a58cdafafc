import { describe, expect, test } from "bun:test";
import { normaliseAnonymisedTokens } from "./anonymised.ts";
import { countConnectives } from "./connectives.ts";
import { taggerFor } from "./part-of-speech.ts";
import { zipfLookupFor } from "./word-frequency.ts";

describe("text resources", () => {
  test("SUBTLEX zipf values: common words high, rare words low, Swedish has no list", async () => {
    const zipf = (await zipfLookupFor("en"))!;
    expect(zipf("the")!).toBeGreaterThan(7);
    expect(zipf("house")!).toBeGreaterThan(zipf("censorship")!);
    expect(zipf("qzxv")).toBeUndefined();
    expect(await zipfLookupFor("sv")).toBeUndefined();
  });

  test("wink-nlp tags English words and punctuation; no tagger for Swedish", async () => {
    const tag = (await taggerFor("en"))!;
    expect(tag("The old dog barked loudly.")).toEqual(["DET", "ADJ", "NOUN", "VERB", "ADV", "PUNCT"]);
    expect(await taggerFor("sv")).toBeUndefined();
  });

  test("connectives match whole words and phrases", () => {
    expect(countConnectives("however, for example, however. thusly", "en")).toEqual({ total: 3, distinct: 2 });
    expect(countConnectives("därför gick vi. dessutom regnade det", "sv")).toEqual({ total: 2, distinct: 2 });
  });

  test("anonymised tokens", () => {
    expect(normaliseAnonymisedTokens("Dear @PERSON1 of @LOCATION2, I paid @MONEY1.")).toBe("Dear Nomen of Nomen, I paid 7.");
  });
});
