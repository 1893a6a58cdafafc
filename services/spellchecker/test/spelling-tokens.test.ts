import { describe, expect, test } from "bun:test";
import { tokenizeForSpelling } from "../src/domain/spelling-tokens.ts";

const texts = (input: string) => tokenizeForSpelling(input).map((t) => t.text);
const checkable = (input: string) => tokenizeForSpelling(input).filter((t) => t.checkable).map((t) => t.text);

describe("tokenizeForSpelling", () => {
  test("offsets index the original text", () => {
    const input = "  Hello, wörld! «Teh» end.";
    for (const token of tokenizeForSpelling(input)) {
      expect(input.slice(token.offset, token.offset + token.text.length)).toBe(token.text);
    }
    expect(texts(input)).toEqual(["Hello", "wörld", "Teh", "end"]);
  });

  test("keeps contractions and hyphenated words whole, drops outer quotes", () => {
    expect(texts("don't it’s well-known 'quoted' teachers'")).toEqual(["don't", "it’s", "well-known", "quoted", "teachers"]);
  });

  test("numbers and words with digits are not checkable", () => {
    expect(checkable("In 2019 42 students had mp3 players, COVID-19 and 3rd place")).toEqual(
      ["In", "students", "had", "players", "and", "place"],
    );
  });

  test("a URL is one unchecked token without its trailing punctuation", () => {
    const tokens = tokenizeForSpelling("See https://www.example.com/recieve?q=teh, then go.");
    const url = tokens.find((t) => t.text.startsWith("https"));
    expect(url?.text).toBe("https://www.example.com/recieve?q=teh");
    expect(url?.checkable).toBe(false);
    expect(checkable("See https://www.example.com/recieve?q=teh, then go.")).toEqual(["See", "then", "go"]);
  });

  test("www links, bare domains and e-mail addresses are unchecked", () => {
    expect(checkable("Read www.skolverket.se or skolverket.se/recieve and mail anna.recieve@skola.se now"))
      .toEqual(["Read", "or", "and", "mail", "now"]);
    expect(texts("mail anna.recieve@skola.se now")).toEqual(["mail", "anna.recieve@skola.se", "now"]);
  });

  test("handles and hashtags are unchecked", () => {
    expect(checkable("Follow @recieve and #teh today")).toEqual(["Follow", "and", "today"]);
  });

  test("marks sentence starts after . ! ? …, line breaks and at the beginning", () => {
    const tokens = tokenizeForSpelling('First word. Second! "Third" here? (Fourth) x… Fifth\nSixth and Seventh');
    const starts = tokens.filter((t) => t.sentenceStart).map((t) => t.text);
    expect(starts).toEqual(["First", "Second", "Third", "Fourth", "Fifth", "Sixth"]);
  });

  test("a comma or colon does not start a sentence", () => {
    const tokens = tokenizeForSpelling("Hello, Anna: Ahmed said");
    expect(tokens.filter((t) => t.sentenceStart).map((t) => t.text)).toEqual(["Hello"]);
  });

  test("empty and punctuation-only text gives no tokens", () => {
    expect(tokenizeForSpelling("")).toEqual([]);
    expect(tokenizeForSpelling(" ... !? ")).toEqual([]);
  });
});
