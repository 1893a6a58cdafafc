import { describe, expect, test } from "bun:test";
import { chooseReplacement, type ReplacementPolicy } from "../src/domain/choose-replacement.ts";

const policy = (common: string[], allowProperNouns = true): ReplacementPolicy => ({
  allowProperNouns,
  isCommonWord: (w) => common.includes(w),
});

describe("chooseReplacement", () => {
  test("takes the single close candidate", () => {
    expect(chooseReplacement("beleive", ["believe"], policy(["believe"]))).toBe("believe");
  });

  test("prefers a swap over substitutions of equal Levenshtein size", () => {
    const words = ["ten", "eh", "tea", "tech", "the", "tee"];
    expect(chooseReplacement("teh", words, policy(words))).toBe("the");
    expect(chooseReplacement("recieve", ["receive", "relieve"], policy(["receive", "relieve"]))).toBe("receive");
  });

  test("leaves ties alone", () => {
    // Both are one adjacent swap away.
    expect(chooseReplacement("wierd", ["weird", "wired"], policy(["weird", "wired"]))).toBeNull();
  });

  test("needs a lead of half an edit over the runner-up", () => {
    // "studding" (doubled letter, 0.75) is not clearly better than "studying" (insertion, 1).
    expect(chooseReplacement("studing", ["studding", "studying"], policy(["studding", "studying"]))).toBeNull();
  });

  test("rejects candidates that are too far for the word length", () => {
    expect(chooseReplacement("lol", ["lolly"], policy(["lolly"]))).toBeNull();
    expect(chooseReplacement("skärmtid", ["spärrtid"], policy(["spärrtid"]))).toBeNull();
  });

  test("a changed first letter costs extra, a swapped first pair does not", () => {
    expect(chooseReplacement("hte", ["the", "hate"], policy(["the", "hate"]))).toBe("the");
    // Without the penalty "rich" and "which" would tie at one edit each.
    expect(chooseReplacement("wich", ["rich", "which"], policy(["rich", "which"]))).toBe("which");
  });

  test("a dropped first letter is a changed first letter, even when it looks like a swapped pair", () => {
    // "asalad" → "salad" drops the "a"; "sa…" against "as…" looks swapped, but the third letters differ.
    const prior = () => 4;
    expect(chooseReplacement("asalad", ["salad"], { ...policy(["salad"]), prior })).toBeNull();
    // A true swap of the first pair keeps its waiver.
    expect(chooseReplacement("rbead", ["bread", "tread"], { ...policy(["bread", "tread"]), prior })).toBe("bread");
  });

  test("applies the dictionary's capitals for a lowercase proper noun", () => {
    expect(chooseReplacement("stockholm", ["Stockholm", "Stockholms"], policy([]))).toBe("Stockholm");
  });

  test("never swaps one name for another or a word for a name", () => {
    expect(chooseReplacement("stockholm", ["Stockholm"], policy([], false))).toBeNull();
    expect(chooseReplacement("thier", ["Thieu"], policy([]))).toBeNull();
  });

  test("ignores suggestions the speller does not accept as words, and compound stubs", () => {
    expect(chooseReplacement("veckk", ["veck-", "veck"], policy(["veck"]))).toBe("veck");
    expect(chooseReplacement("abc", ["abd"], policy([]))).toBeNull();
    expect(chooseReplacement("alot", ["a lot"], policy(["a lot"]))).toBeNull();
  });

  test("no suggestions, no replacement", () => {
    expect(chooseReplacement("xyzqq", [], policy([]))).toBeNull();
  });
});
