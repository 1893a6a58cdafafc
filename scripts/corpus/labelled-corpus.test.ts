import { expect, test } from "bun:test";
import { parseDelimitedTable } from "./delimited-text.ts";
import { countWords, defaultColumns, groupEssays, readLabelledCorpus } from "./labelled-corpus.ts";

const LONG = "This invented essay has more than ten words in it, so it can be uploaded.";
const table = parseDelimitedTable(
  ["id\tset\ttext\tscore", `e1\t2\t${LONG}\t4`, `e2\t10\t${LONG}\t1.5`, `e3\t2\tToo short.\t3`, `e4\t2\t${LONG}\t`, `e5\t7\t${LONG}\t20`].join("\n"), "\t",
);
const columns = { id: "id", group: "set", text: "text", score: "score" };

test("essays with a score and enough text; the rest counted by reason", () => {
  const corpus = readLabelledCorpus(table, columns);
  expect(corpus.essays.map((e) => [e.id, e.group, e.score])).toEqual([["e1", "2", 4], ["e2", "10", 1.5], ["e5", "7", 20]]);
  expect(corpus.essays[0]?.wordCount).toBe(15);
  expect(corpus.skipped).toEqual({ missingScore: 1, tooShort: 1, otherGroup: 0 });
});

test("a group filter, natural group order, and a missing column named", () => {
  const corpus = readLabelledCorpus(table, columns, ["2", "7"]);
  expect(corpus.essays.map((e) => e.id)).toEqual(["e1", "e5"]);
  expect(corpus.skipped.otherGroup).toBe(1);
  expect([...groupEssays(readLabelledCorpus(table, columns).essays).keys()]).toEqual(["2", "7", "10"]);
  expect(() => readLabelledCorpus(table, { ...columns, score: "Overall" })).toThrow('no score column "Overall"');
});

test("defaults follow the header: ELLIPSE-like or ASAP-like", () => {
  expect(defaultColumns(["text_id_kaggle", "prompt", "full_text", "Overall"])).toMatchObject({ text: "full_text", score: "Overall", group: "prompt", rangeMode: "file" });
  expect(defaultColumns(["essay_id", "essay_set", "essay", "domain1_score"])).toMatchObject({ text: "essay", group: "essay_set", rangeMode: "group" });
  expect(countWords("Hello , world -- 42 times!")).toBe(4);
});

test("two raters' scores when both columns have numbers", () => {
  const rated = parseDelimitedTable(["id,set,text,score,r1,r2", `a,1,"${LONG}",4,4,3`, `b,1,"${LONG}",2,2,`].join("\n"), ",");
  const corpus = readLabelledCorpus(rated, { ...columns, raters: ["r1", "r2"] });
  expect(corpus.essays.map((e) => e.raters)).toEqual([[4, 3], undefined]);
  expect(() => readLabelledCorpus(rated, { ...columns, raters: ["r1", "r3"] })).toThrow('no raters column "r3"');
  expect(defaultColumns(["essay_id", "essay_set", "essay", "domain1_score", "rater1_domain1", "rater2_domain1"]).raters).toEqual(["rater1_domain1", "rater2_domain1"]);
});
