import { expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { batchExportZip, resultsCsv } from "../../src/domain/batch-export.ts";

test("the CSV quotes commas, quotes and line breaks and has one row per essay", () => {
  const csv = resultsCsv([
    { essay_id: "e1", file_name: "a,b.txt", student_name: 'Ada "A" Berg', spellcheck: { correction_count: 2 }, nlp: { metrics: { word_count: 41 } }, cj_assessment: { rank: 1, score: 0.5, grade: "B" }, ai_feedback: { feedback_preview: "Good.\nMore." }, failures: [] },
    { essay_id: "e2", failures: [{ phase: "nlp", error_code: "TIMEOUT" }] },
  ]);
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("essay_id,file_name,student_name,corrections,word_count,cj_rank,cj_score,cj_grade,feedback_preview,failures");
  expect(csv).toContain('e1,"a,b.txt","Ada ""A"" Berg",2,41,1,0.5,B,"Good.\nMore.",');
  expect(csv).toContain("e2,,,,,,,,,nlp:TIMEOUT\r\n");
});

test("the zip holds results.json, results.csv and one original per essay with a unique name", () => {
  const results = { batch_id: "b1", essays: [{ essay_id: "e1", file_name: "essay.docx" }, { essay_id: "e2", file_name: "essay.docx" }, { essay_id: "e3", file_name: null }] };
  const zip = unzipSync(batchExportZip(results, new Map([["e1", "first text"], ["e2", "second text"]])));
  expect(Object.keys(zip).sort()).toEqual(["originals/essay-e2.txt", "originals/essay.txt", "results.csv", "results.json"]);
  expect(strFromU8(zip["originals/essay.txt"] as Uint8Array)).toBe("first text");
  expect(JSON.parse(strFromU8(zip["results.json"] as Uint8Array)).batch_id).toBe("b1");
});
