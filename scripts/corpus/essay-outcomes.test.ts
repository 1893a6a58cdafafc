import { expect, test } from "bun:test";
import type { CorpusEssay } from "./labelled-corpus.ts";
import { essayOutcomes, safeId } from "./run-batch.ts";

const essay = (id: string, score: number, wordCount: number): CorpusEssay => ({ id, group: "g", text: "invented", score, wordCount });

test("results are joined to the corpus by file name; grades, ranks and the length baseline per essay", () => {
  const batch = { index: 1, group: "g", essays: [essay("a/1", 2.5, 120), essay("b", 4, 400), essay("c", 1, 90)] };
  const results = {
    essays: [
      { file_name: "b.txt", cj_assessment: { rank: 1, score: 1.2, grade: "4", grade_probabilities: { "3": 0.3, "4": 0.7 } }, failures: [] },
      { file_name: "a_1.txt", cj_assessment: { rank: 2, score: 0.1, grade: null }, failures: [] },
      { file_name: "c.txt", cj_assessment: null, failures: [] },
    ],
  };
  const anchors = [{ essay: essay("x", 1, 100), band: 1 }, { essay: essay("y", 4, 380), band: 4 }];
  expect(essayOutcomes(batch, results, { min: 1, max: 5 }, anchors)).toEqual([
    { id: "a/1", score: 2.5, band: 3, wordCount: 120, rank: 2, lengthBand: 1 },
    { id: "b", score: 4, band: 4, wordCount: 400, rank: 1, grade: 4, gradeProbability: 0.7, lengthBand: 4 },
    { id: "c", score: 1, band: 1, wordCount: 90, lengthBand: 1 },
  ]);
  expect(essayOutcomes(batch, results, { min: 1, max: 5 }, []).every((e) => e.lengthBand === undefined)).toBe(true);
});

test("ids become safe anchor ids and file names", () => {
  expect(safeId("92767513178")).toBe("92767513178");
  expect(safeId("a b/c")).toBe("a_b_c");
  expect(safeId("_x")).toMatch(/^[A-Za-z0-9]/);
  expect(safeId("x".repeat(200)).length).toBe(90);
});
