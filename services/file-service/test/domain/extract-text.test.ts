import { describe, expect, test } from "bun:test";
import {
  DEFAULT_EXTRACT_OPTIONS,
  documentFormatOf,
  extractText,
  type ExtractionResult,
} from "../../src/domain/extract-text.ts";
import {
  encodeLatin1,
  encodeUtf16,
  encodeUtf8,
  makeDocx,
  makeMinimalDocx,
  makePdf,
  wordDocumentXml,
} from "../../../../tests/fixtures/make-documents.ts";

const ESSAY = [
  "Should schools ban mobile phones?",
  "Många elever tycker att mobilen är ett verktyg – inte ett problem.",
  "Teachers say “phones distract”, but students disagree: it’s complicated.",
  "Ångest, äventyr och öar: 50 % of pupils agree, 12 € later.",
];

/** Words in order, whatever the line and paragraph breaks. */
function words(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(" ");
}

function expectText(result: ExtractionResult): string {
  if (!result.ok) throw new Error(`expected text, got ${result.code}: ${result.message}`);
  return result.text;
}

describe("documentFormatOf", () => {
  test("maps the three supported extensions, case-insensitively", () => {
    expect(documentFormatOf("essay.txt")).toBe("txt");
    expect(documentFormatOf("Essay.DOCX")).toBe("docx");
    expect(documentFormatOf("my.final.essay.Pdf")).toBe("pdf");
  });

  test("refuses everything else", () => {
    for (const name of ["essay.doc", "essay.odt", "essay", "essay.docx.exe", "essay.", "pdf"]) {
      expect(documentFormatOf(name)).toBeUndefined();
    }
  });
});

describe("extractText: .txt encodings", () => {
  const text = ESSAY.join("\n");

  test("UTF-8 without BOM", async () => {
    const result = await extractText("a.txt", encodeUtf8(text));
    expect(result).toEqual({ ok: true, text, format: "txt", encoding: "utf-8" });
  });

  test("UTF-8 with BOM: the BOM is stripped", async () => {
    const result = await extractText("a.txt", encodeUtf8(text, true));
    expect(result).toEqual({ ok: true, text, format: "txt", encoding: "utf-8" });
    expect(expectText(result).charCodeAt(0)).not.toBe(0xfeff);
  });

  test("UTF-16 LE and BE with BOM", async () => {
    expect(await extractText("a.txt", encodeUtf16(text, "le"))).toEqual({ ok: true, text, format: "txt", encoding: "utf-16le" });
    expect(await extractText("a.txt", encodeUtf16(text, "be"))).toEqual({ ok: true, text, format: "txt", encoding: "utf-16be" });
  });

  test("UTF-16 LE without BOM is recognised by its zero bytes", async () => {
    const result = await extractText("a.txt", encodeUtf16(text, "le", false));
    expect(result).toEqual({ ok: true, text, format: "txt", encoding: "utf-16le" });
  });

  test("bytes that are not valid UTF-8 fall back to Latin-1 (Windows-1252)", async () => {
    const latin = "Åsa skrev: “Mobiler är bra” – 5 €, naïve café.";
    const result = await extractText("a.txt", encodeLatin1(latin));
    expect(result).toEqual({ ok: true, text: latin, format: "txt", encoding: "windows-1252" });
  });

  test("plain ASCII is UTF-8", async () => {
    const result = await extractText("A.TXT", encodeUtf8("Plain ASCII essay text."));
    expect(result).toMatchObject({ ok: true, encoding: "utf-8" });
  });
});

describe("extractText: .docx", () => {
  test("round-trips paragraphs made by the docx package", async () => {
    const result = await extractText("essay.docx", await makeDocx(ESSAY));
    expect(result).toMatchObject({ ok: true, format: "docx" });
    const paragraphs = expectText(result).split(/\n{2,}/).filter((p) => p.trim() !== "");
    expect(paragraphs).toEqual(ESSAY);
  });

  test("reads a hand-written minimal document", async () => {
    const result = await extractText("essay.docx", makeMinimalDocx(wordDocumentXml(["One <two> & three"])));
    expect(words(expectText(result))).toBe("One <two> & three");
  });

  test("a zip named .pdf is read as .docx", async () => {
    const result = await extractText("essay.pdf", await makeDocx(["Renamed by a student."]));
    expect(result).toMatchObject({ ok: true, format: "docx" });
    expect(words(expectText(result))).toBe("Renamed by a student.");
  });
});

describe("extractText: .pdf", () => {
  test("round-trips a text layer made by pdf-lib", async () => {
    const result = await extractText("essay.pdf", await makePdf(ESSAY));
    expect(result).toMatchObject({ ok: true, format: "pdf" });
    expect(words(expectText(result))).toBe(words(ESSAY.join(" ")));
  });

  test("merges every page in order", async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `Line number ${i + 1} of the essay.`);
    const result = await extractText("essay.pdf", await makePdf(lines, { linesPerPage: 3 }));
    expect(words(expectText(result))).toBe(words(lines.join(" ")));
  });

  test("wrapped long lines keep all their words", async () => {
    const long = "Mobile phones are part of everyday life for almost every student. ".repeat(12).trim();
    const result = await extractText("essay.pdf", await makePdf([long]));
    expect(words(expectText(result))).toBe(long);
  });

  test("a PDF named .docx is read as PDF", async () => {
    const result = await extractText("essay.docx", await makePdf(["Saved as PDF by mistake."]));
    expect(result).toMatchObject({ ok: true, format: "pdf" });
  });

  test("the caller's bytes are left intact", async () => {
    const bytes = await makePdf(["Keep my buffer."]);
    const copy = bytes.slice();
    await extractText("essay.pdf", bytes);
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(bytes).toEqual(copy);
  });
});

describe("extractText: unsupported types", () => {
  test.each(["essay.doc", "essay.odt", "essay.rtf", "essay", "essay.docx.exe"])("%s → UNSUPPORTED_FILE_TYPE", async (name) => {
    const result = await extractText(name, encodeUtf8("Some text that is otherwise fine."));
    expect(result).toMatchObject({ ok: false, code: "UNSUPPORTED_FILE_TYPE" });
  });

  test("a .doc gets a hint to save as .docx", async () => {
    const result = await extractText("essay.doc", encodeUtf8("x"));
    expect(result.ok ? "" : result.message).toContain("Save it as .docx");
  });
});

test("defaults are the documented ones", () => {
  expect(DEFAULT_EXTRACT_OPTIONS.timeoutMs).toBe(10_000);
  expect(DEFAULT_EXTRACT_OPTIONS.maxPdfPages).toBeGreaterThan(0);
});

test("an option passed as undefined keeps its default (no instant timeout)", async () => {
  const result = await extractText("essay.docx", await makeDocx(["Still read."]), { timeoutMs: undefined });
  expect(result).toMatchObject({ ok: true, format: "docx" });
});
