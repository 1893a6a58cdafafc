import { describe, expect, test } from "bun:test";
import { buildVocabularyIndex, neighboursWithin } from "../src/domain/vocabulary-neighbours.ts";

const index = buildVocabularyIndex(["accommodation", "accumulation", "about", "around", "aground", "beach"]);

describe("neighboursWithin", () => {
  test("finds words two edits away that share the first letter", () => {
    expect(neighboursWithin(index, "accomadation", 2)).toEqual(["accommodation"]);
    // A doubled letter costs 0.75, a substitution (r → g) 1.
    expect(neighboursWithin(index, "arround", 0.75)).toEqual(["around"]);
    expect(neighboursWithin(index, "arround", 1).sort()).toEqual(["aground", "around"]);
  });

  test("respects the cost limit and the first letter", () => {
    expect(neighboursWithin(index, "accomadation", 1)).toEqual([]);
    expect(neighboursWithin(index, "peach", 2)).toEqual([]);
    expect(neighboursWithin(index, "", 2)).toEqual([]);
  });

  test("reaches words whose first two letters the misspelling swaps, and returns a name in its capitals", () => {
    const names = buildVocabularyIndex(["window", "widow", "Norway", "north"]);
    expect(neighboursWithin(names, "iwndow", 1)).toEqual(["window"]);
    expect(neighboursWithin(names, "onrway", 1)).toEqual(["Norway"]);
    expect(neighboursWithin(names, "norwya", 1)).toEqual(["Norway"]);
    // Swapped letters that are not the first two are found only by the first letter.
    expect(neighboursWithin(names, "owndiw", 1)).toEqual([]);
  });
});

