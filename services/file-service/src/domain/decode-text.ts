import { fileFailure, FileErrorCode, type FileFailure } from "./file-error-codes.ts";

export const TextEncodingName = {
  UTF8: "utf-8",
  UTF16LE: "utf-16le",
  UTF16BE: "utf-16be",
  /** What Windows "ANSI" files really are; a superset of Latin-1's printable range. */
  WINDOWS_1252: "windows-1252",
} as const;
export type TextEncodingName = (typeof TextEncodingName)[keyof typeof TextEncodingName];

export interface DecodedText {
  readonly ok: true;
  readonly text: string;
  readonly encoding: TextEncodingName;
}

/** Share of control characters above which a ".txt" is treated as a binary file in disguise. */
const MAX_CONTROL_CHAR_RATIO = 0.01;
const SNIFF_WINDOW = 4096;

/**
 * Decode the bytes of a .txt upload: BOM first (UTF-8, UTF-16 LE/BE), then BOM-less UTF-16 by
 * its zero-byte pattern, then strict UTF-8, else Windows-1252 (Latin-1). Binary data is refused.
 * @example decodeTextFile(new TextEncoder().encode("Hej")) // { ok: true, text: "Hej", encoding: "utf-8" }
 */
export function decodeTextFile(bytes: Uint8Array): DecodedText | FileFailure {
  const encoding = detectEncoding(bytes);
  const text = decodeAs(bytes, encoding);
  if (looksBinary(text)) {
    return fileFailure(
      FileErrorCode.CORRUPT_FILE,
      "The .txt file contains binary data and does not look like a text file.",
    );
  }
  return { ok: true, text, encoding };
}

function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return TextEncodingName.UTF8;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return TextEncodingName.UTF16LE;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return TextEncodingName.UTF16BE;
  const utf16 = sniffBomlessUtf16(bytes);
  if (utf16) return utf16;
  return isValidUtf8(bytes) ? TextEncodingName.UTF8 : TextEncodingName.WINDOWS_1252;
}

function decodeAs(bytes: Uint8Array, encoding: TextEncodingName): string {
  // The default decoder strips a BOM that matches its encoding; a broken sequence after a
  // UTF-8 BOM becomes U+FFFD rather than a failure, since the BOM states the intent.
  return new TextDecoder(encoding).decode(bytes);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Mostly-ASCII UTF-16 without a BOM has a zero in every other byte. */
function sniffBomlessUtf16(bytes: Uint8Array): TextEncodingName | undefined {
  // Too few bytes say nothing, and UTF-16 comes in whole code units.
  if (bytes.length < 16 || bytes.length % 2 !== 0) return undefined;
  const length = Math.min(bytes.length, SNIFF_WINDOW) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros / pairs > 0.4 && evenZeros / pairs < 0.05) return TextEncodingName.UTF16LE;
  if (evenZeros / pairs > 0.4 && oddZeros / pairs < 0.05) return TextEncodingName.UTF16BE;
  return undefined;
}

function looksBinary(text: string): boolean {
  if (text.length === 0) return false;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    const isC0 = c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c;
    const isC1 = c >= 0x80 && c <= 0x9f;
    if (isC0 || isC1 || c === 0x7f) control++;
  }
  return control / text.length > MAX_CONTROL_CHAR_RATIO;
}
