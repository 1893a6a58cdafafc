import { describe, expect, test } from "bun:test";
import { oneEditAway } from "../src/domain/candidate-edits.ts";

describe("oneEditAway", () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyzåäö'";

  test("covers deletion, swap, substitution and insertion", () => {
    const edits = oneEditAway("teh", alphabet);
    expect(edits.has("th")).toBe(true);
    expect(edits.has("the")).toBe(true);
    expect(edits.has("ten")).toBe(true);
    expect(edits.has("tech")).toBe(true);
  });

  test("never returns the word itself", () => {
    expect(oneEditAway("the", alphabet).has("the")).toBe(false);
  });

  test("reaches two doubled-letter slips at once", () => {
    expect(oneEditAway("tommorow", alphabet).has("tomorrow")).toBe(true);
    expect(oneEditAway("ungdommar", alphabet).has("ungdomar")).toBe(true);
  });

  test("reaches accented letters and apostrophes from the alphabet", () => {
    expect(oneEditAway("därfor", alphabet).has("därför")).toBe(true);
    expect(oneEditAway("dont", alphabet).has("don't")).toBe(true);
  });

  test("does not reach two arbitrary edits", () => {
    expect(oneEditAway("snapchat", alphabet).has("snapshot")).toBe(false);
  });

  test("size is linear in word length", () => {
    // (n + 1) insertions and n substitutions over the alphabet, plus a few deletions and swaps.
    const size = oneEditAway("abcdefghij", alphabet).size;
    expect(size).toBeGreaterThan(500);
    expect(size).toBeLessThan(800);
  });
});
