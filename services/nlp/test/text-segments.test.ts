import { describe, expect, test } from "bun:test";
import { segmentText } from "../src/domain/text-segments.ts";

const shape = (text: string) => segmentText(text).paragraphs.map((p) => p.map((s) => s.map((w) => w.surface).join(" ")));

describe("segmentText: sentences", () => {
  test("ends sentences at . ! ? and …", () => {
    expect(shape("One two. Three! Four? Five… Six")).toEqual([["One two", "Three", "Four", "Five", "Six"]]);
  });

  test("a text without punctuation is one sentence", () => {
    expect(shape("this is a text without any punctuation at all")).toEqual([["this is a text without any punctuation at all"]]);
  });

  test("does not end a sentence before a lowercase word (abbreviations, quoted exclamations)", () => {
    expect(shape("We need e.g. pens. Then we go.")).toEqual([["We need e.g pens", "Then we go"]]);
    expect(shape("Vi köpte t.ex. äpplen. Sedan åt vi.")).toEqual([["Vi köpte t.ex äpplen", "Sedan åt vi"]]);
    expect(shape('"Stop!" he said. She left.')).toEqual([["Stop he said", "She left"]]);
  });

  test("does not end a sentence after a title or an initial", () => {
    expect(shape("Mr. Smith met Dr. Jones. J. K. Rowling wrote it.")).toEqual([["Mr Smith met Dr Jones", "J K Rowling wrote it"]]);
  });

  test("decimals and inner periods are not boundaries", () => {
    expect(shape("Pi is 3.14 and skolverket.se is a site.")).toEqual([["Pi is 3.14 and skolverket.se is a site"]]);
  });

  test("a line break before a capital ends a sentence (a heading)", () => {
    expect(shape("Mobiles in school\nMany people think so.\n\nNext")).toEqual([["Mobiles in school", "Many people think so"], ["Next"]]);
  });

  test("closing quotes and brackets stay with their sentence", () => {
    expect(shape('He said "go." (Then he left.) Done')).toEqual([["He said go", "Then he left", "Done"]]);
  });
});

describe("segmentText: paragraphs", () => {
  test("blank lines separate paragraphs, however many and with whitespace on them", () => {
    expect(shape("Para one.\n\n\n\nPara two.\n \n\t\nPara three.")).toEqual([["Para one"], ["Para two"], ["Para three"]]);
  });

  test("without blank lines each line is a paragraph unless it continues in lowercase", () => {
    expect(shape("Title\nFirst line. Still first.\nSecond paragraph")).toEqual([["Title"], ["First line", "Still first"], ["Second paragraph"]]);
    expect(shape("This sentence wraps\nonto the next line.")).toEqual([["This sentence wraps onto the next line"]]);
  });

  test("CRLF line ends behave like LF", () => {
    expect(shape("One.\r\n\r\nTwo.")).toEqual([["One"], ["Two"]]);
  });

  test("paragraphs and sentences without words are dropped", () => {
    expect(shape("...\n\nReal text.\n\n— !")).toEqual([["Real text"]]);
    expect(segmentText("").paragraphs).toEqual([]);
    expect(segmentText(" \n\n\t ").paragraphs).toEqual([]);
  });
});

describe("segmentText: words", () => {
  test("strips outer punctuation, folds case and straightens apostrophes for the type", () => {
    const [word] = segmentText("«Don’t»").paragraphs.flat(2);
    expect(word).toEqual({ surface: "Don’t", type: "don't", characters: 4, letters: 4 });
  });

  test("counts letters and digits as characters, letters only as letters", () => {
    const words = segmentText("well-known 2019 mp3").paragraphs.flat(2);
    expect(words.map((w) => [w.characters, w.letters])).toEqual([[9, 9], [4, 0], [3, 2]]);
  });

  test("tokens without a letter or digit are not words", () => {
    expect(segmentText("a - b — c & d").paragraphs.flat(2).map((w) => w.surface)).toEqual(["a", "b", "c", "d"]);
  });
});
