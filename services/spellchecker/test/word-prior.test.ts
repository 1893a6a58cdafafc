import { describe, expect, test } from "bun:test";
import { buildWordPrior, UNLISTED_ZIPF } from "../src/domain/word-prior.ts";

describe("buildWordPrior", () => {
  test("a frequency table gives Zipf values; unlisted words are rare; contractions take their first part", () => {
    const prior = buildWordPrior("en", new Map([["house", 5.2], ["don", 6.1]]));
    expect(prior("house")).toBe(5.2);
    expect(prior("don't")).toBe(6.1);
    expect(prior("zyzzyva")).toBe(UNLISTED_ZIPF);
  });

  test("a possessive ranks well below its noun, whose count SUBTLEX gives it", () => {
    const prior = buildWordPrior("en", new Map([["control", 5.1], ["it", 7]]));
    expect(prior("control's")).toBeCloseTo(3.8, 5);
    expect(prior("control")).toBe(5.1);
    expect(prior("zyzzyva's")).toBeLessThan(UNLISTED_ZIPF);
  });

  test("Swedish without a list: common forms rank above other words", () => {
    const prior = buildWordPrior("sv");
    expect(prior("brukar")).toBeGreaterThan(prior("burkar"));
    expect(prior("burkar")).toBe(prior("läskar"));
  });
});
