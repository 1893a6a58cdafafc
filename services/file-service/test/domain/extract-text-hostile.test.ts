import { describe, expect, test } from "bun:test";
import { extractText, type ExtractionResult } from "../../src/domain/extract-text.ts";
import { FileErrorCodeSchema } from "../../src/domain/file-error-codes.ts";
import * as v from "valibot";
import {
  buildRawPdf,
  makeCompoundFile,
  makeCorruptDocx,
  makeDocx,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  makeMinimalDocx,
  makePdf,
  makeZip,
  makeZipBombDocx,
  wordDocumentXml,
} from "../../../../tests/fixtures/make-documents.ts";

/** Deterministic bytes so a failing case can be replayed. */
function seededBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0;
  return Uint8Array.from({ length }, () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state & 0xff;
  });
}

async function failureCode(name: string, bytes: Uint8Array, options = {}): Promise<string> {
  const result = await extractText(name, bytes, options);
  if (result.ok) throw new Error(`expected a failure, got text "${result.text.slice(0, 40)}"`);
  expect(result.message.length).toBeGreaterThan(0);
  return result.code;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe("corrupt .docx", () => {
  test("random bytes → CORRUPT_FILE", async () => {
    expect(await failureCode("essay.docx", seededBytes(1, 5000))).toBe("CORRUPT_FILE");
  });

  test("a truncated archive → CORRUPT_FILE", async () => {
    expect(await failureCode("essay.docx", await makeCorruptDocx())).toBe("CORRUPT_FILE");
  });

  test("a real .docx with its tail cut off → CORRUPT_FILE", async () => {
    const whole = await makeDocx(["A paragraph."]);
    expect(await failureCode("essay.docx", whole.slice(0, whole.length - 10))).toBe("CORRUPT_FILE");
  });

  test("a zip that holds no Word document → CORRUPT_FILE", async () => {
    const zip = makeZip([{ name: "notes.txt", data: new TextEncoder().encode("hello"), deflate: true }]);
    expect(await failureCode("essay.docx", zip)).toBe("CORRUPT_FILE");
  });

  test("malformed document XML → CORRUPT_FILE", async () => {
    expect(await failureCode("essay.docx", makeMinimalDocx("<w:document><<<not xml"))).toBe("CORRUPT_FILE");
  });

  test("an unknown compression method → CORRUPT_FILE", async () => {
    const zip = makeZip([{ name: "word/document.xml", data: new Uint8Array(64), method: 12 }]);
    expect(await failureCode("essay.docx", zip)).toBe("CORRUPT_FILE");
  });
});

describe("hostile .docx", () => {
  test("a zip bomb is refused from its headers, fast", async () => {
    const bomb = makeZipBombDocx(200_000_000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const { value, ms } = await timed(() => failureCode("essay.docx", bomb));
    expect(value).toBe("FILE_TOO_LARGE");
    expect(ms).toBeLessThan(1_000);
  });

  test("a zip bomb that lies about its size is caught while inflating", async () => {
    const bomb = makeZipBombDocx(100_000_000, { lieAboutSize: true });
    const { value, ms } = await timed(() => failureCode("essay.docx", bomb));
    expect(value).toBe("FILE_TOO_LARGE");
    expect(ms).toBeLessThan(2_000);
  });

  test("the inflate budget is configurable", async () => {
    const docx = makeZipBombDocx(2_000_000);
    expect((await extractText("essay.docx", docx)).ok).toBe(true);
    expect(await failureCode("essay.docx", docx, { maxUncompressedBytes: 1_000_000 })).toBe("FILE_TOO_LARGE");
  });

  test("dense markup over the tag budget → FILE_TOO_LARGE (bounds parser time and memory)", async () => {
    const dense = makeMinimalDocx(wordDocumentXml(Array.from({ length: 2_000 }, () => "x")));
    expect(dense.length).toBeLessThan(20_000);
    expect((await extractText("essay.docx", dense)).ok).toBe(true);
    expect(await failureCode("essay.docx", dense, { maxDocxMarkupTags: 5_000 })).toBe("FILE_TOO_LARGE");
  });

  test("too many archive entries → FILE_TOO_LARGE", async () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({ name: `part${i}.xml`, data: new Uint8Array([0x3c]) }));
    expect(await failureCode("essay.docx", makeZip(entries), { maxZipEntries: 20 })).toBe("FILE_TOO_LARGE");
  });

  test("an encrypted zip entry → ENCRYPTED_FILE", async () => {
    const zip = makeZip([{ name: "word/document.xml", data: new Uint8Array(10), encrypted: true }]);
    expect(await failureCode("essay.docx", zip)).toBe("ENCRYPTED_FILE");
  });

  test("a password-protected Office file → ENCRYPTED_FILE", async () => {
    expect(await failureCode("essay.docx", makeCompoundFile({ encrypted: true }))).toBe("ENCRYPTED_FILE");
  });

  test("a legacy .doc renamed to .docx → UNSUPPORTED_FILE_TYPE", async () => {
    expect(await failureCode("essay.docx", makeCompoundFile({ encrypted: false }))).toBe("UNSUPPORTED_FILE_TYPE");
  });
});

describe("bad .pdf", () => {
  test("a PDF without a text layer → NO_TEXT_LAYER", async () => {
    expect(await failureCode("scan.pdf", await makeImageOnlyPdf(2))).toBe("NO_TEXT_LAYER");
  });

  test("a password-protected PDF → ENCRYPTED_FILE", async () => {
    expect(await failureCode("essay.pdf", makeEncryptedPdf())).toBe("ENCRYPTED_FILE");
  });

  test("random bytes → CORRUPT_FILE", async () => {
    expect(await failureCode("essay.pdf", seededBytes(2, 5000))).toBe("CORRUPT_FILE");
  });

  test("a PDF header over garbage → CORRUPT_FILE", async () => {
    const garbage = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n");
    expect(await failureCode("essay.pdf", garbage)).toBe("CORRUPT_FILE");
  });

  test("a page tree pointing nowhere fails as a value", async () => {
    const broken = buildRawPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [7 0 R] /Count 1 >>"]);
    expect(["CORRUPT_FILE", "NO_TEXT_LAYER"]).toContain(await failureCode("essay.pdf", broken));
  });

  test("more pages than allowed → FILE_TOO_LARGE", async () => {
    const pdf = await makePdf(["one", "two", "three"], { linesPerPage: 1 });
    expect(await failureCode("essay.pdf", pdf, { maxPdfPages: 2 })).toBe("FILE_TOO_LARGE");
  });
});

describe("timeouts", () => {
  test("a slow PDF is cut off at the deadline, not read to the end", async () => {
    const lines = Array.from({ length: 8_000 }, (_, i) => `Line ${i} of a very long document`);
    const pdf = await makePdf(lines, { linesPerPage: 40 });
    const full = await timed(() => extractText("long.pdf", pdf, { maxPdfPages: 1_000 }));
    expect(full.value.ok).toBe(true);
    const cut = await timed(() => failureCode("long.pdf", pdf, { timeoutMs: 20, maxPdfPages: 1_000 }));
    expect(cut.value).toBe("EXTRACTION_TIMEOUT");
    expect(cut.ms).toBeLessThan(full.ms / 2);
  });

  test("a slow .docx reports EXTRACTION_TIMEOUT", async () => {
    const docx = await makeDocx(Array.from({ length: 5_000 }, (_, i) => `Paragraph ${i}`));
    expect(await failureCode("long.docx", docx, { timeoutMs: 1 })).toBe("EXTRACTION_TIMEOUT");
  });
});

describe("empty and disguised files", () => {
  test.each(["a.txt", "a.docx", "a.pdf"])("zero bytes %s → EMPTY_CONTENT", async (name) => {
    expect(await failureCode(name, new Uint8Array())).toBe("EMPTY_CONTENT");
  });

  test("binary data named .txt → CORRUPT_FILE", async () => {
    expect(await failureCode("essay.txt", seededBytes(3, 4000))).toBe("CORRUPT_FILE");
  });

  test("a .docx named .txt is binary, not text", async () => {
    expect(await failureCode("essay.txt", await makeDocx(["hidden"]))).toBe("CORRUPT_FILE");
  });
});

describe("mutated documents never throw", () => {
  async function mutants(original: Uint8Array, name: string, count: number): Promise<ExtractionResult[]> {
    const results: ExtractionResult[] = [];
    for (let seed = 1; seed <= count; seed++) {
      const bytes = original.slice();
      const noise = seededBytes(seed, 40);
      for (let i = 0; i < 20; i++) {
        const at = ((noise[i * 2] ?? 0) * 256 + (noise[i * 2 + 1] ?? 0)) % bytes.length;
        bytes[at] = noise[(i + 7) % noise.length] ?? 0;
      }
      results.push(await extractText(name, bytes, { timeoutMs: 2_000 }));
    }
    return results;
  }

  test("40 byte-flipped .docx and 40 byte-flipped .pdf each give a result", async () => {
    const docx = await makeDocx(["The quick brown fox.", "Jumps over the lazy dog."]);
    const pdf = await makePdf(["The quick brown fox.", "Jumps over the lazy dog."]);
    const results = [...(await mutants(docx, "m.docx", 40)), ...(await mutants(pdf, "m.pdf", 40))];
    expect(results).toHaveLength(80);
    for (const result of results) {
      if (result.ok) expect(typeof result.text).toBe("string");
      else expect(v.is(FileErrorCodeSchema, result.code)).toBe(true);
    }
    // The flips hit structure often enough that some must be refused.
    expect(results.some((r) => !r.ok)).toBe(true);
  });
});
