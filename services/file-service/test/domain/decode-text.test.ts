import { describe, expect, test } from "bun:test";
import { decodeTextFile } from "../../src/domain/decode-text.ts";
import { encodeLatin1, encodeUtf16, encodeUtf8 } from "../../../../tests/fixtures/make-documents.ts";

describe("decodeTextFile", () => {
  test("UTF-8 multi-byte text stays UTF-8", () => {
    expect(decodeTextFile(encodeUtf8("Smörgåsbord 😀"))).toEqual({ ok: true, text: "Smörgåsbord 😀", encoding: "utf-8" });
  });

  test("a lone Latin-1 byte makes the file Windows-1252", () => {
    // 0xE5 is "å" in Latin-1 and an incomplete sequence in UTF-8.
    expect(decodeTextFile(new Uint8Array([0x48, 0xe5, 0x6a]))).toEqual({ ok: true, text: "Håj", encoding: "windows-1252" });
  });

  test("Windows-1252 punctuation in 0x80–0x9F decodes to the typographic characters", () => {
    const result = decodeTextFile(encodeLatin1("“Quote” – it’s €5"));
    expect(result).toEqual({ ok: true, text: "“Quote” – it’s €5", encoding: "windows-1252" });
  });

  test("UTF-16 BE without BOM is recognised", () => {
    expect(decodeTextFile(encodeUtf16("Plain essay text", "be", false))).toEqual({
      ok: true,
      text: "Plain essay text",
      encoding: "utf-16be",
    });
  });

  test("UTF-16 with BOM keeps non-ASCII characters and loses the BOM", () => {
    const result = decodeTextFile(encodeUtf16("Ärlighet varar längst", "le"));
    expect(result).toEqual({ ok: true, text: "Ärlighet varar längst", encoding: "utf-16le" });
  });

  test("tabs, form feeds and CRLF are text, not binary", () => {
    const text = "Col\tumn\r\nPage\fTwo";
    expect(decodeTextFile(encodeUtf8(text))).toEqual({ ok: true, text, encoding: "utf-8" });
  });

  test("a NUL byte in UTF-8 marks the file as binary", () => {
    const bytes = encodeUtf8("An essay with a hidden NUL in the middle of it.");
    bytes[20] = 0;
    expect(decodeTextFile(bytes)).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  test("short odd-length input is never taken for BOM-less UTF-16", () => {
    expect(decodeTextFile(new Uint8Array([0x41, 0x00, 0x42, 0x43, 0x44]))).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });

  test("a few stray control characters are tolerated, many are not", () => {
    const prose = "An ordinary sentence about phones in schools. ".repeat(10);
    expect(decodeTextFile(encodeUtf8(`${prose}\u0007`)).ok).toBe(true);
    expect(decodeTextFile(encodeUtf8(`${prose}${"\u0007".repeat(20)}`))).toMatchObject({ ok: false, code: "CORRUPT_FILE" });
  });
});
