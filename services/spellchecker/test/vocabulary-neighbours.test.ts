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
});
