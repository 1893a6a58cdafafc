import { expect, test } from "bun:test";
import type { EssayResult } from "../src/api/types.ts";
import { resultsCsv } from "../src/results/csv.ts";
import { segmentText } from "../src/results/highlight.ts";
import { feedbackText, sortRows, studentLabel, toRow } from "../src/results/rows.ts";

const essay = (over: Partial<EssayResult>): EssayResult => ({
  essay_id: "e1", file_name: "03-elsa-lindqvist.txt", file_upload_id: null, student_name: null, student_email: null,
  original_text_storage_id: null, current_text_storage_id: null, spellcheck: null, nlp: null, cj_assessment: null, ai_feedback: null, failures: [], ...over,
});
const cj = (rank: number, score: number, grade: string | null) => ({ rank, score, standard_error: 0.2, grade, grade_probabilities: grade ? { [grade]: 0.6 } : {}, completed_at: "t" });

test("student label: the parsed name, else one made from the file name", () => {
  expect(studentLabel(essay({}))).toBe("Elsa Lindqvist");
  expect(studentLabel(essay({ student_name: "Omar H." }))).toBe("Omar H.");
});

test("rows sort by any column both ways, with empty values last", () => {
  const rows = [
    toRow(essay({ essay_id: "a", file_name: "02-bo.txt", cj_assessment: cj(2, 0.5, "C") })),
    toRow(essay({ essay_id: "b", file_name: "01-al.txt", cj_assessment: cj(1, 1.5, "A") })),
    toRow(essay({ essay_id: "c", file_name: "03-cy.txt" })),
  ];
  expect(sortRows(rows, { key: "rank", ascending: true }).map((r) => r.essayId)).toEqual(["b", "a", "c"]);
  expect(sortRows(rows, { key: "rank", ascending: false }).map((r) => r.essayId)).toEqual(["a", "b", "c"]);
  expect(sortRows(rows, { key: "student", ascending: true }).map((r) => r.student)).toEqual(["Al", "Bo", "Cy"]);
  expect(rows[1]?.gradeProbability).toBe(0.6);
});

test("CSV: header plus one quoted-as-needed row per essay; formulas neutralised", () => {
  const rows = [toRow(essay({ student_name: "=HYPERLINK(x)", ai_feedback: { status: "success", feedback_storage_id: null, feedback_preview: 'Good, "clear"\nwork', provider: null, feedback: null, completed_at: "t" } }))];
  const lines = resultsCsv(rows).split("\r\n");
  expect(lines[0]).toStartWith("student,file_name,rank");
  expect(lines[1]).toStartWith("'=HYPERLINK(x),03-elsa-lindqvist.txt,");
  expect(lines[1]).toContain('"Good, ""clear""\nwork"');
  expect(lines).toHaveLength(3); // header, row, trailing empty
});

test("structured feedback is preferred when present, the preview otherwise", () => {
  const base = { status: "success" as const, feedback_storage_id: null, feedback_preview: "preview", provider: null, feedback: null, completed_at: "t" };
  expect(feedbackText(essay({ ai_feedback: base }))).toBe("preview");
  const quote = { text: "teh", start: 0, end: 3 };
  const structured = {
    language: "en" as const,
    strengths: [{ dimension: "vocabulary" as const, point: "Varied words.", quote }],
    focus_areas: [
      { dimension: "grammar" as const, rank: 2, explanation: "second", examples: [], evidence: [] },
      { dimension: "conventions" as const, rank: 1, explanation: "Check spelling.", examples: [{ quote, rewrite: "the" }], evidence: [] },
    ],
    next_step: "Proofread once.",
  };
  expect(feedbackText(essay({ ai_feedback: { ...base, feedback: structured } }))).toBe("Check spelling.");
});

test("corrections split the text at their offsets; a stale offset is skipped, not misplaced", () => {
  const text = "I beleive teh cat.";
  const segments = segmentText(text, [{ offset: 10, original: "teh", replacement: "the" }, { offset: 2, original: "beleive", replacement: "believe" }, { offset: 0, original: "xx", replacement: "y" }]);
  expect(segments).toEqual([
    { kind: "text", text: "I " }, { kind: "correction", text: "beleive", replacement: "believe" }, { kind: "text", text: " " },
    { kind: "correction", text: "teh", replacement: "the" }, { kind: "text", text: " cat." },
  ]);
  expect(segments.map((s) => s.text).join("")).toBe(text);
});
