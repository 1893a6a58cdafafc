import { describe, expect, test } from "bun:test";
import { encodeUtf8, makeCorruptDocx, makeDocx } from "../../../tests/fixtures/make-documents.ts";
import { DEFAULT_CONTENT_LIMITS } from "../src/domain/validate-content.ts";
import { readEssayFile } from "../src/handlers/read-essay-file.ts";

const options = { extract: {}, limits: DEFAULT_CONTENT_LIMITS };
const BODY = "Phones in school distract some pupils, but they also help others to learn new things every day.";

describe("readEssayFile", () => {
  test("a .docx gives its normalised text, counts and the student header", async () => {
    const reading = await readEssayFile("a.docx", await makeDocx(["Namn: Anna Svensson", "E-post: anna@skola.se", BODY]), options);
    const text = `Namn: Anna Svensson\n\nE-post: anna@skola.se\n\n${BODY}`;
    expect(reading).toEqual({
      ok: true, format: "docx", text, charCount: text.length, wordCount: 5 + BODY.split(" ").length,
      student: { student_name: "Anna Svensson", student_email: "anna@skola.se" },
    });
  });

  test("extraction and validation failures come back as values", async () => {
    expect(await readEssayFile("a.docx", await makeCorruptDocx(), options)).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
    expect(await readEssayFile("a.txt", encodeUtf8("   \n\n  "), options)).toMatchObject({ ok: false, code: "EMPTY_CONTENT" });
    expect(await readEssayFile("a.txt", encodeUtf8(BODY), { ...options, limits: { ...DEFAULT_CONTENT_LIMITS, maxChars: 20 } }))
      .toMatchObject({ ok: false, code: "CONTENT_TOO_LONG" });
  });

  test("long runs of blanks are read in linear time and keep the words apart", async () => {
    const blanks = " \t\u00a0\u200b".repeat(100_000);
    const started = performance.now();
    const reading = await readEssayFile("a.txt", encodeUtf8(`${BODY}${blanks}\n${BODY}${blanks}end`), options);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reading).toMatchObject({ ok: true, text: `${BODY}\n${BODY} end` });
  });

  test("ordinary spacing is left alone", async () => {
    const text = `Title\n\n${BODY}  Two spaces after a full stop.\n    Indented line of the essay.`;
    expect(await readEssayFile("a.txt", encodeUtf8(text), options)).toMatchObject({ ok: true, text });
  });

  test("text far over the limit is refused before it is normalised", async () => {
    const huge = `${BODY} `.repeat(Math.ceil((DEFAULT_CONTENT_LIMITS.maxChars * 4) / BODY.length) + 1);
    const reading = await readEssayFile("a.txt", encodeUtf8(huge), options);
    expect(reading).toMatchObject({ ok: false, code: "CONTENT_TOO_LONG" });
    expect(!reading.ok && reading.message).toContain(`at most ${DEFAULT_CONTENT_LIMITS.maxChars}`);
  });
});
