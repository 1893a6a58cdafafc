import { describe, expect, test } from "bun:test";
import { inspectZipArchive, type ZipLimits } from "../../src/domain/inspect-zip.ts";
import { makeDocx, makeZip } from "../../../../tests/fixtures/make-documents.ts";

const LIMITS: ZipLimits = { maxUncompressedBytes: 1_000_000, maxEntries: 100, maxMarkupTags: 10_000 };
const bytesOf = (s: string) => new TextEncoder().encode(s);

describe("inspectZipArchive", () => {
  test("counts entries, inflated bytes and tags of a real .docx", async () => {
    const result = inspectZipArchive(await makeDocx(["Hello"]), { ...LIMITS, maxMarkupTags: 1_000_000 });
    if (!result.ok) throw new Error(result.message);
    expect(result.entryCount).toBeGreaterThan(3);
    expect(result.uncompressedBytes).toBeGreaterThan(1_000);
    expect(result.markupTags).toBeGreaterThan(10);
  });

  test("stored and deflated entries are measured by their real content", () => {
    const zip = makeZip([
      { name: "a.xml", data: bytesOf("<a><b/></a>") },
      { name: "b.xml", data: bytesOf("<c>" + " ".repeat(1000) + "</c>"), deflate: true },
    ]);
    expect(inspectZipArchive(zip, LIMITS)).toEqual({ ok: true, entryCount: 2, uncompressedBytes: 11 + 1007, markupTags: 5 });
  });

  test("the inflate budget is exact: at the limit passes, one byte over fails", () => {
    const zip = makeZip([{ name: "a.bin", data: new Uint8Array(5_000), deflate: true }]);
    expect(inspectZipArchive(zip, { ...LIMITS, maxUncompressedBytes: 5_000 }).ok).toBe(true);
    expect(inspectZipArchive(zip, { ...LIMITS, maxUncompressedBytes: 4_999 })).toMatchObject({ ok: false, code: "FILE_TOO_LARGE" });
  });

  test("a header that understates the size does not fool the budget", () => {
    const zip = makeZip([{ name: "a.bin", data: new Uint8Array(50_000), deflate: true, declaredSize: 10 }]);
    expect(inspectZipArchive(zip, { ...LIMITS, maxUncompressedBytes: 20_000 })).toMatchObject({ ok: false, code: "FILE_TOO_LARGE" });
  });

  test("tags are counted across entries", () => {
    const part = bytesOf("<x/>".repeat(60));
    const zip = makeZip([{ name: "a.xml", data: part }, { name: "b.xml", data: part, deflate: true }]);
    expect(inspectZipArchive(zip, { ...LIMITS, maxMarkupTags: 120 }).ok).toBe(true);
    expect(inspectZipArchive(zip, { ...LIMITS, maxMarkupTags: 119 })).toMatchObject({ ok: false, code: "FILE_TOO_LARGE" });
  });

  test("bytes prepended to the archive are allowed, as zip readers do", () => {
    const zip = makeZip([{ name: "a.xml", data: bytesOf("<a/>"), deflate: true }]);
    const prefixed = new Uint8Array(100 + zip.length);
    prefixed.set(zip, 100);
    expect(inspectZipArchive(prefixed, LIMITS)).toMatchObject({ ok: true, entryCount: 1, uncompressedBytes: 4 });
  });

  test("an entry whose data runs past the end → CORRUPT_FILE", () => {
    const zip = makeZip([{ name: "a.xml", data: bytesOf("<a>" + "x".repeat(500) + "</a>") }]);
    // Cut out the middle of the entry's data but keep the directory.
    const cut = new Uint8Array([...zip.subarray(0, 200), ...zip.subarray(400)]);
    expect(inspectZipArchive(cut, LIMITS)).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  test("corrupt deflate data → CORRUPT_FILE", () => {
    const zip = makeZip([{ name: "a.xml", data: new Uint8Array(2_000).fill(7), deflate: true }]);
    const damaged = zip.slice();
    for (let i = 40; i < 50; i++) damaged[i] = 0xff;
    expect(inspectZipArchive(damaged, LIMITS)).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  test("no end-of-directory record → CORRUPT_FILE", () => {
    expect(inspectZipArchive(bytesOf("PK\u0003\u0004 but nothing else"), LIMITS)).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  test("an empty archive is fine (mammoth will say it is no document)", () => {
    expect(inspectZipArchive(makeZip([]), LIMITS)).toEqual({ ok: true, entryCount: 0, uncompressedBytes: 0, markupTags: 0 });
  });
});
