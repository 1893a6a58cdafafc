import { beforeAll, describe, expect, test } from "bun:test";
import { correctText } from "../src/domain/correct-text.ts";
import { loadSpeller } from "../src/domain/dictionaries.ts";
import type { Speller } from "../src/domain/speller.ts";

let en: Speller;
let sv: Speller;
beforeAll(async () => {
  [en, sv] = await Promise.all([loadSpeller("en"), loadSpeller("sv")]);
});

const fixture = (name: string) => Bun.file(new URL(`./fixtures/${name}`, import.meta.url)).text();
const pairs = (text: string, speller: Speller) =>
  correctText(text, speller).corrections.map((c) => [c.original, c.replacement]);

describe("correctText on the English essay", () => {
  const expected = [
    ["Teh", "The"], ["completly", "completely"], ["beleive", "believe"], ["freind", "friend"],
    ["becuase", "because"], ["definately", "definitely"], ["occured", "occurred"], ["recieve", "receive"],
    ["neccessary", "necessary"], ["goverment", "government"], ["arguement", "argument"],
    ["enviroment", "environment"], ["begining", "beginning"], ["thier", "their"], ["dont", "don't"],
    ["seperate", "separate"], ["acheive", "achieve"], ["thier", "their"], ["Tommorow", "Tomorrow"],
    // From the Swedish-learner error list: a phrase written as one word.
    ["Alot", "A lot"],
  ];

  test("gives exactly the expected corrections, in order", async () => {
    const result = correctText(await fixture("essay-en.txt"), en);
    expect(result.corrections.map((c) => [c.original, c.replacement])).toEqual(expected);
    expect(result.correctionCount).toBe(expected.length);
    expect(result.wordCount).toBe(418);
  });

  test("offsets point at the originals in the uncorrected text", async () => {
    const text = await fixture("essay-en.txt");
    for (const c of correctText(text, en).corrections) {
      expect(text.slice(c.offset, c.offset + c.original.length)).toBe(c.original);
    }
  });

  test("changes nothing but the corrected words", async () => {
    const text = await fixture("essay-en.txt");
    const { correctedText, corrections } = correctText(text, en);
    let rebuilt = correctedText;
    for (const c of [...corrections].reverse()) {
      const at = c.offset + delta(corrections, c.offset);
      rebuilt = rebuilt.slice(0, at) + c.original + rebuilt.slice(at + c.replacement.length);
    }
    expect(rebuilt).toBe(text);
    for (const kept of ["Zlatanovic", "Okonkwo", "https://www.example-school.org/quiet-room",
      "info@example-school.org", "2019", "42 percent", "colour", "realise", "favourite", "centre",
      "travelled"]) {
      expect(correctedText).toContain(kept);
    }
  });
});

describe("correctText on the Swedish essay", () => {
  const expected = [
    ["efterssom", "eftersom"], ["därfor", "därför"], ["ungdommar", "ungdomar"], ["Egentlgien", "Egentligen"],
    ["tilsammans", "tillsammans"], ["ocksa", "också"], ["intresant", "intressant"],
    ["framtidden", "framtiden"], ["Samhälet", "Samhället"], ["Kansje", "Kanske"],
  ];

  test("gives exactly the expected corrections, in order", async () => {
    const result = correctText(await fixture("essay-sv.txt"), sv);
    expect(result.corrections.map((c) => [c.original, c.replacement])).toEqual(expected);
    expect(result.correctionCount).toBe(expected.length);
    expect(result.wordCount).toBe(375);
  });

  test("offsets point at the originals and names, links, numbers and compounds stay", async () => {
    const text = await fixture("essay-sv.txt");
    const { correctedText, corrections } = correctText(text, sv);
    for (const c of corrections) expect(text.slice(c.offset, c.offset + c.original.length)).toBe(c.original);
    for (const kept of ["Elin Lindqvist", "Johan Okonkwo", "www.exempelskolan.se", "rektor@exempelskolan.se",
      "2021", "38 procent", "Skärmtid", "mobilförbudet"]) {
      expect(correctedText).toContain(kept);
    }
  });
});

describe("correctText rules", () => {
  test("keeps the original casing", () => {
    expect(correctText("Teh cat saw teh TEH.", en).correctedText).toBe("The cat saw the THE.");
  });

  test("keeps surrounding punctuation and quotes", () => {
    expect(correctText('"Recieve," he said; (beleive)!', en).correctedText).toBe('"Receive," he said; (believe)!');
  });

  test("leaves unknown capitalised words mid-sentence alone as names", () => {
    expect(correctText("We met Jonsen and Recieve yesterday.", en).corrections).toEqual([]);
  });

  test("a name used mid-sentence stays a name at a sentence start", () => {
    // "Thier" would become "Their" at a sentence start if the text did not use it as a name.
    expect(pairs("Thier is late.", en)).toEqual([["Thier", "Their"]]);
    expect(pairs("I met Thier today. Thier is late.", en)).toEqual([]);
  });

  test("at a sentence start only common words replace a capitalised word", () => {
    expect(pairs("Lodnon is big.", en)).toEqual([]);
  });

  test("leaves mixed-case words, numbers and words with digits alone", () => {
    expect(correctText("My iPhoen has 3rd-party apps in 2024 and COVID-19 data", en).corrections).toEqual([]);
  });

  test("leaves URLs and e-mail addresses alone even when they contain misspellings", () => {
    const text = "Go to https://teh.example.com/recieve or write to teh.recieve@example.com today";
    expect(correctText(text, en).correctedText).toBe(text);
  });

  test("checks hyphenated words part by part", () => {
    expect(pairs("a well-known e-mail and a well-knwon fact", en)).toEqual([["knwon", "known"]]);
    const result = correctText("a well-knwon fact", en);
    expect(result.corrections[0]?.offset).toBe(7);
    expect(result.correctedText).toBe("a well-known fact");
  });

  test("leaves ambiguous misspellings alone", () => {
    // "test", "trust", "dust", "just", … are each one edit away; none clearly likelier.
    expect(correctText("I lost the tust", en).corrections).toEqual([]);
    // "can" cannot follow "the", and "cake" keeps every letter typed: no longer ambiguous.
    expect(pairs("I lost the cak", en)).toEqual([["cak", "cake"]]);
    // "recipe" and "receipt" are one edit away and about as common, but "recipe" changes the
    // last letter the writer typed and "receipt" keeps it.
    expect(pairs("I lost the recipt", en)).toEqual([["recipt", "receipt"]]);
  });

  test("the frequency prior breaks ties the edit cost leaves ('wierd' was left alone before)", () => {
    expect(pairs("the wierd thing", en)).toEqual([["wierd", "weird"]]);
    for (const [wrong, right] of [["arround", "around"], ["acess", "access"], ["localy", "locally"], ["achived", "achieved"]]) {
      expect(pairs(`we ${wrong} it`, en)).toEqual([[wrong!, right!]]);
    }
  });

  test("reaches two edits for long words ('accomadation' was never generated before)", () => {
    expect(pairs("our accomadation was fine", en)).toEqual([["accomadation", "accommodation"]]);
  });

  test("context: after a determiner a noun beats an adverb ('a leter' was left alone before)", () => {
    expect(pairs("I wrote a leter to my freind", en)).toEqual([["leter", "letter"], ["freind", "friend"]]);
  });

  test("the Swedish-learner list corrects typical L2 spellings, phrases included", () => {
    expect(pairs("alot of pepole think it is wery intresting", en)).toEqual([
      ["alot", "a lot"], ["pepole", "people"], ["wery", "very"], ["intresting", "interesting"],
    ]);
  });

  test("British and American spellings are both left alone", () => {
    expect(correctText("The marvellous colour of the theatre; a marvelous color of the theater.", en).corrections).toEqual([]);
  });

  test("gives a lowercase proper noun its capitals", () => {
    expect(pairs("vi åkte till stockholm", sv)).toEqual([["stockholm", "Stockholm"]]);
  });

  test("corrects a repeated misspelling at every occurrence with its own offset", () => {
    const result = correctText("recieve, recieve and Recieve.", en);
    expect(result.corrections.map((c) => c.offset)).toEqual([0, 9]);
    expect(result.correctedText).toBe("receive, receive and Recieve.");
  });

  test("counts words, with a URL or address as one word", () => {
    const result = correctText("Mail anna@example.com or see https://x.org/a/b today, 42 times.", en);
    expect(result.wordCount).toBe(8);
  });

  test("empty and whitespace-only text", () => {
    expect(correctText("", en)).toEqual({ correctedText: "", corrections: [], wordCount: 0, correctionCount: 0 });
    expect(correctText(" \n\n ", sv)).toEqual({ correctedText: " \n\n ", corrections: [], wordCount: 0, correctionCount: 0 });
  });
});

/** Length change introduced by corrections before `offset`. */
function delta(corrections: ReadonlyArray<{ offset: number; original: string; replacement: string }>, offset: number): number {
  return corrections
    .filter((c) => c.offset < offset)
    .reduce((sum, c) => sum + c.replacement.length - c.original.length, 0);
}

describe("correctText on Swedish text of common words", () => {
  test("changes nothing (älskar, brukar, gatan and spelar were changed before)", () => {
    const text = "Jag älskar att läsa och brukar spela fotboll på gatan. Min bror spelar gitarr, lyssnar på musik " +
      "och arbetar i en affär där han handlar mat. Vi fick många nya vänner i skolan förra året.";
    expect(correctText(text, sv).corrections).toEqual([]);
  });
});
