import { describe, expect, test } from "bun:test";
import { detectDelimiter, parseDelimitedTable, parseRecords } from "./delimited-text.ts";

describe("parseRecords", () => {
  test("quoted fields keep commas, doubled quotes and line breaks", () => {
    const text = 'id,text,score\r\n1,"Dear editor,\nbooks ""matter"".\n\nSecond paragraph.",4\r\n2,plain,3\n';
    expect(parseRecords(text, ",")).toEqual([
      ["id", "text", "score"],
      ["1", 'Dear editor,\nbooks "matter".\n\nSecond paragraph.', "4"],
      ["2", "plain", "3"],
    ]);
  });

  test("TSV: a quote inside an unquoted field is text; a quoted field may hold a tab", () => {
    expect(parseRecords('a\tb\nsays "hi"\t"x\ty"\n', "\t")).toEqual([["a", "b"], ['says "hi"', "x\ty"]]);
  });

  test("byte-order mark, blank lines and a missing final newline", () => {
    expect(parseRecords("\uFEFFa,b\n\n1,2", ",")).toEqual([["a", "b"], ["1", "2"]]);
  });

  test("empty fields stay, an unterminated quote is an error", () => {
    expect(parseRecords("a,,c\n", ",")).toEqual([["a", "", "c"]]);
    expect(() => parseRecords('a,"never closed\n', ",")).toThrow(/unterminated/);
  });
});

describe("parseDelimitedTable", () => {
  test("rows keyed by the trimmed header", () => {
    const table = parseDelimitedTable(" id ,score\nx,2\ny,5\n", ",");
    expect(table.header).toEqual(["id", "score"]);
    expect(table.rows).toEqual([{ id: "x", score: "2" }, { id: "y", score: "5" }]);
  });

  test("a row with the wrong number of fields names its record", () => {
    expect(() => parseDelimitedTable("a,b\n1,2\n3\n", ",")).toThrow("record 3 has 1 fields; the header has 2");
  });
});

describe("detectDelimiter", () => {
  test("by extension first, then by the header line", () => {
    expect(detectDelimiter("x.TSV", "a,b,c")).toBe("\t");
    expect(detectDelimiter("x.csv", "a\tb\tc")).toBe(",");
    expect(detectDelimiter("corpus.txt", "a\tb\tc,d\n1\t2\t3")).toBe("\t");
    expect(detectDelimiter("corpus", "a,b\tc,d\n")).toBe(",");
  });
});
