// The demo essays shipped in samples/ must go through the same domain path a real upload takes.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { extractText } from "../../src/domain/extract-text.ts";
import { parseStudentHeader } from "../../src/domain/parse-student.ts";
import { countWords, validateContent } from "../../src/domain/validate-content.ts";
import { makeDocx, makePdf } from "../../../../tests/fixtures/make-documents.ts";

const SAMPLES = join(import.meta.dir, "../../../../samples");
const ESSAYS = join(SAMPLES, "essays");
const readme = readFileSync(join(ESSAYS, "README.md"), "utf8");
const essayFiles = readdirSync(ESSAYS).filter((f) => f.endsWith(".txt")).sort();
const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(" ");

/** The README's table: rank → file and student. */
const ranking = [...readme.matchAll(/^\| (\d+) \| `([^`]+)` \| ([^|]+?) \|/gm)].map((m) => ({
  rank: Number(m[1]),
  file: m[2] ?? "",
  student: (m[3] ?? "").trim(),
}));

describe("samples/essays", () => {
  test("twelve essays named 01-… to 12-…", () => {
    expect(essayFiles).toHaveLength(12);
    essayFiles.forEach((file, i) => expect(file.startsWith(`${String(i + 1).padStart(2, "0")}-`)).toBe(true));
  });

  test("the README ranks every essay exactly once, 1 to 12, and repeats the order as a plain list", () => {
    expect(ranking.map((r) => r.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect([...ranking.map((r) => r.file)].sort()).toEqual(essayFiles);
    const block = /```\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split("\n");
    expect(block).toEqual(ranking.map((r) => r.file));
  });

  test("quality order is not the file order", () => {
    expect(ranking.map((r) => r.file)).not.toEqual(essayFiles);
  });

  test.each(essayFiles)("%s extracts, validates, has 250–400 words and names its student", async (file) => {
    const extracted = await extractText(file, bytesOf(join(ESSAYS, file)));
    if (!extracted.ok) throw new Error(extracted.message);
    expect(extracted.encoding).toBe("utf-8");
    const valid = validateContent(extracted.text);
    if (!valid.ok) throw new Error(valid.message);
    const body = valid.text.split("\n").slice(1).join("\n");
    expect(countWords(body)).toBeGreaterThanOrEqual(250);
    expect(countWords(body)).toBeLessThanOrEqual(400);
    const student = ranking.find((r) => r.file === file)?.student;
    expect(parseStudentHeader(valid.text)).toEqual({ student_name: student });
  });

  test("several essays carry the typical misspellings", () => {
    const texts = essayFiles.map((f) => readFileSync(join(ESSAYS, f), "utf8"));
    for (const misspelling of ["recieve", "beleive", "teh", "becuase", "alot"]) {
      expect(texts.some((t) => new RegExp(`\\b${misspelling}\\b`).test(t))).toBe(true);
    }
    const withMisspellings = texts.filter((t) => /\b(recieve|beleive|teh|becuase|alot)\b/.test(t));
    expect(withMisspellings.length).toBeGreaterThanOrEqual(3);
    expect(withMisspellings.length).toBeLessThan(texts.length);
  });

  test("every essay survives a trip through .docx and .pdf with the same words and student", async () => {
    for (const file of essayFiles) {
      const text = readFileSync(join(ESSAYS, file), "utf8");
      const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
      for (const [name, bytes] of [
        [file.replace(".txt", ".docx"), await makeDocx(paragraphs)],
        [file.replace(".txt", ".pdf"), await makePdf(text.split("\n"))],
      ] as const) {
        const extracted = await extractText(name, bytes);
        if (!extracted.ok) throw new Error(`${name}: ${extracted.message}`);
        expect(words(extracted.text)).toBe(words(text));
        expect(parseStudentHeader(extracted.text)).toEqual(parseStudentHeader(text));
      }
    }
  });
});

describe("samples/anchors and prompt", () => {
  const anchorReadme = readFileSync(join(SAMPLES, "anchors", "README.md"), "utf8");

  test.each([
    ["A", "anchor-a.txt"],
    ["C", "anchor-c.txt"],
    ["E", "anchor-e.txt"],
  ])("grade %s anchor %s is listed and is a valid essay without a student header", async (grade, file) => {
    expect(anchorReadme).toContain(`| \`${file}\` | ${grade} |`);
    const extracted = await extractText(file, bytesOf(join(SAMPLES, "anchors", file)));
    if (!extracted.ok) throw new Error(extracted.message);
    expect(validateContent(extracted.text).ok).toBe(true);
    expect(parseStudentHeader(extracted.text)).toEqual({});
  });

  test("the prompt is readable text that names the question", () => {
    expect(readFileSync(join(SAMPLES, "prompt.txt"), "utf8")).toContain("Should schools ban mobile phones?");
  });
});
