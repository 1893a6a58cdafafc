import { describe, expect, test } from "bun:test";
import {
  countWords,
  DEFAULT_CONTENT_LIMITS,
  normalizeEssayText,
  validateContent,
} from "../../src/domain/validate-content.ts";

const SENTENCE = "Mobile phones can help students learn, but they also distract them in class. ";

describe("normalizeEssayText", () => {
  test("CRLF and lone CR become LF", () => {
    expect(normalizeEssayText("one\r\ntwo\rthree\n")).toBe("one\ntwo\nthree");
  });

  test("trailing spaces and tabs go; paragraphs stay", () => {
    expect(normalizeEssayText("First paragraph.  \t\n\nSecond paragraph. \nSame paragraph.")).toBe(
      "First paragraph.\n\nSecond paragraph.\nSame paragraph.",
    );
  });

  test("runs of blank lines shrink to one blank line", () => {
    expect(normalizeEssayText("A\n\n\n\n\nB\n \n \nC")).toBe("A\n\nB\n\nC");
  });

  test("leading and trailing blank lines are trimmed, indentation inside is kept", () => {
    expect(normalizeEssayText("\n\n  Title\n    indented line\n\n")).toBe("Title\n    indented line");
  });

  test("invisible characters are removed and Unicode spaces become spaces", () => {
    expect(normalizeEssayText("\ufeffzero\u200bwidth soft\u00adhyphen non\u00a0breaking\u2003em")).toBe(
      "zerowidth softhyphen non breaking em",
    );
  });

  test("decomposed letters are composed (NFC)", () => {
    expect(normalizeEssayText("a\u030angest")).toBe("\u00e5ngest");
  });

  test("form feed and paragraph separator start a new paragraph; line separator a new line", () => {
    expect(normalizeEssayText("page one\fpage two\u2029para\u2028line")).toBe("page one\n\npage two\n\npara\nline");
  });

  test("control characters other than tab and newline are dropped", () => {
    expect(normalizeEssayText("bell\u0007 and\tescape\u001b")).toBe("bell and\tescape");
  });
});

describe("countWords", () => {
  test("counts tokens with letters or digits, not bare punctuation", () => {
    expect(countWords("Hello, world — it's 2024 !")).toBe(4);
    expect(countWords("Ärligt talat: nej.")).toBe(3);
    expect(countWords("   ")).toBe(0);
  });
});

describe("validateContent", () => {
  test("empty and whitespace-only text → EMPTY_CONTENT", () => {
    expect(validateContent("")).toMatchObject({ ok: false, code: "EMPTY_CONTENT" });
    expect(validateContent(" \r\n\t \n\u00a0\u200b")).toMatchObject({ ok: false, code: "EMPTY_CONTENT" });
  });

  test("too few characters → CONTENT_TOO_SHORT, with the numbers in the message", () => {
    const result = validateContent("Phones are bad. I think so.");
    expect(result).toMatchObject({ ok: false, code: "CONTENT_TOO_SHORT" });
    expect(result.ok ? "" : result.message).toContain(`${DEFAULT_CONTENT_LIMITS.minChars} characters`);
  });

  test("enough characters but too few words → CONTENT_TOO_SHORT", () => {
    expect(validateContent("Supercalifragilisticexpialidocious ".repeat(3))).toMatchObject({ ok: false, code: "CONTENT_TOO_SHORT" });
  });

  test("minimums are inclusive and configurable", () => {
    const text = "a".repeat(49) + " b";
    expect(validateContent(text, { minChars: 51, minWords: 2 }).ok).toBe(true);
    expect(validateContent(text, { minChars: 52, minWords: 2 })).toMatchObject({ code: "CONTENT_TOO_SHORT" });
    expect(validateContent(text, { minChars: 10, minWords: 3 })).toMatchObject({ code: "CONTENT_TOO_SHORT" });
  });

  test("more than the maximum → CONTENT_TOO_LONG; exactly the maximum passes", () => {
    const text = SENTENCE.repeat(20).trim();
    expect(validateContent(text, { maxChars: text.length }).ok).toBe(true);
    expect(validateContent(text, { maxChars: text.length - 1 })).toMatchObject({ ok: false, code: "CONTENT_TOO_LONG" });
  });

  test("the default maximum is 50 000 characters", () => {
    expect(validateContent(SENTENCE.repeat(700))).toMatchObject({ ok: false, code: "CONTENT_TOO_LONG" });
  });

  test("limits apply to the normalised text, not to CRLF padding", () => {
    const padded = `${SENTENCE.trim()}\r\n\r\n\r\n\r\n        `;
    expect(validateContent(padded, { maxChars: SENTENCE.trim().length }).ok).toBe(true);
  });

  test("a valid essay comes back normalised with its counts", () => {
    const result = validateContent(`${SENTENCE}\r\n\r\n${SENTENCE}  `);
    const expected = `${SENTENCE.trim()}\n\n${SENTENCE.trim()}`;
    expect(result).toEqual({ ok: true, text: expected, charCount: expected.length, wordCount: 26 });
  });
});

test("a limit passed as undefined keeps its default", () => {
  expect(validateContent("Too short.", { minChars: undefined })).toMatchObject({ ok: false, code: "CONTENT_TOO_SHORT" });
});
