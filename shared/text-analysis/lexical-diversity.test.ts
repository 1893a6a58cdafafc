import { describe, expect, test } from "bun:test";
import { hypergeometricDiversity, measureOfTextualLexicalDiversity, MTLD_THRESHOLD, typeTokenRatio } from "./lexical-diversity.ts";

const words = (text: string) => text.split(" ");

describe("typeTokenRatio", () => {
  test("divides distinct types by tokens", () => {
    expect(typeTokenRatio(words("the cat and the hat"))).toBe(0.8);
    expect(typeTokenRatio(words("a a a a"))).toBe(0.25);
  });

  test("is null for no tokens", () => {
    expect(typeTokenRatio([])).toBeNull();
  });
});

describe("measureOfTextualLexicalDiversity", () => {
  test("uses the 0.72 threshold", () => {
    expect(MTLD_THRESHOLD).toBe(0.72);
  });

  test("completed factors only: a b a b a b a b → 8 tokens / 2 factors = 4", () => {
    // TTR falls to 2/3 at every third token; the last two tokens leave TTR 1 (no partial factor).
    expect(measureOfTextualLexicalDiversity(words("a b a b a b a b"))).toBe(4);
  });

  test("partial factor: a b c d a → TTR 0.8 leaves (1 − 0.8)/(1 − 0.72) of a factor", () => {
    // 5 / (0.2 / 0.28) = 7 in both directions.
    expect(measureOfTextualLexicalDiversity(words("a b c d a"))).toBeCloseTo(7, 10);
  });

  test("averages the forward and backward passes", () => {
    // Forward: "a a" completes a factor, "b c d e" adds none → 6 / 1 = 6.
    // Backward: "e d c b a a" ends at TTR 5/6 → 6 / ((1/6) / 0.28) = 10.08.
    expect(measureOfTextualLexicalDiversity(words("a a b c d e"))).toBeCloseTo((6 + 10.08) / 2, 10);
  });

  test("a repetitive text scores lower than a diverse one", () => {
    const repetitive = words("the dog saw the dog and the dog saw the cat and the cat saw the dog and the dog ran");
    const diverse = words("the quick brown fox jumps over the lazy dog while seven wise owls watch the silent fields under a pale moon and a distant storm rolls across the hills");
    const low = measureOfTextualLexicalDiversity(repetitive);
    const high = measureOfTextualLexicalDiversity(diverse);
    expect(low).not.toBeNull();
    expect(high).not.toBeNull();
    expect(low ?? 0).toBeLessThan(high ?? 0);
    expect(low ?? 0).toBeLessThan(10);
    expect(high ?? 0).toBeGreaterThan(40);
  });

  test("is null when undefined: no words, or no word ever repeats", () => {
    expect(measureOfTextualLexicalDiversity([])).toBeNull();
    expect(measureOfTextualLexicalDiversity(["one"])).toBeNull();
    expect(measureOfTextualLexicalDiversity(words("every word here differs"))).toBeNull();
  });

  test("a custom threshold changes the factor boundary", () => {
    // With threshold 0.5, "a b a b" falls to exactly 0.5 at token 4: one factor, 4 / 1.
    expect(measureOfTextualLexicalDiversity(words("a b a b"), 0.5)).toBe(4);
  });
});

describe("hypergeometricDiversity (HD-D)", () => {
  test("42 distinct tokens: every type is in every sample → 1", () => {
    expect(hypergeometricDiversity(Array.from({ length: 42 }, (_, i) => `w${i}`))).toBe(1);
  });

  test("one type repeated: one expected type per 42 → 1/42", () => {
    expect(hypergeometricDiversity(Array.from({ length: 60 }, () => "a"))).toBeCloseTo(1 / 42, 12);
  });

  test("hand-checked: 43 tokens, 41 singletons and one type twice", () => {
    // A singleton is absent from a 42-of-43 sample with p = 1/43; the doubled type never is.
    // Expected types = 41 · (42/43) + 1, over 42.
    const tokens = [...Array.from({ length: 41 }, (_, i) => `w${i}`), "x", "x"];
    expect(hypergeometricDiversity(tokens)).toBeCloseTo((41 * (42 / 43) + 1) / 42, 12);
  });

  test("null below the sample size", () => {
    expect(hypergeometricDiversity(["a", "b"])).toBeNull();
  });
});
