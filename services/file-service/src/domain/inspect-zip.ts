import { inflateRawSync } from "node:zlib";
import { fileFailure, FileErrorCode, type FileFailure } from "./file-error-codes.ts";

export interface ZipLimits {
  /** Budget for all entries together once inflated. */
  readonly maxUncompressedBytes: number;
  readonly maxEntries: number;
  /**
   * Budget for "<" bytes over all entries. Mammoth's XML parsing costs time and memory per tag,
   * and it parses any part the relationships point at whatever its name or leading bytes, so
   * every entry counts; binary media contribute about one "<" per 256 bytes.
   */
  readonly maxMarkupTags: number;
}

export interface ZipInspection {
  readonly ok: true;
  readonly entryCount: number;
  readonly uncompressedBytes: number;
  readonly markupTags: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;

class ZipProblem extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface CentralEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localOffset: number;
}

/**
 * Walk a zip's central directory and inflate every entry under a byte budget, before a library
 * that trusts the archive sees it. Catches zip bombs, including ones whose headers lie about size.
 * @example inspectZipArchive(bytes, { maxUncompressedBytes: 64 << 20, maxEntries: 5000, maxMarkupTags: 400_000 })
 */
export function inspectZipArchive(bytes: Uint8Array, limits: ZipLimits): ZipInspection | FileFailure {
  try {
    return inspect(bytes, limits);
  } catch (err) {
    if (err instanceof ZipProblem) return fileFailure(err.code, err.message);
    return fileFailure(FileErrorCode.CORRUPT_FILE, "The archive structure is damaged.");
  }
}

function inspect(bytes: Uint8Array, limits: ZipLimits): ZipInspection {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const directory = readDirectoryLocation(view);
  const entries = readCentralDirectory(bytes, view, directory, limits.maxEntries);
  let remaining = limits.maxUncompressedBytes;
  let markupTags = 0;
  for (const entry of entries) {
    if (entry.flags & 1) {
      throw new ZipProblem(FileErrorCode.ENCRYPTED_FILE, "The document is password-protected.");
    }
    if (entry.uncompressedSize > remaining) throw tooLarge(limits);
    const content = inflateEntry(bytes, view, entry, remaining, limits);
    if (content.length > remaining) throw tooLarge(limits);
    remaining -= content.length;
    markupTags += countTagOpenings(content);
    if (markupTags > limits.maxMarkupTags) {
      throw new ZipProblem(
        FileErrorCode.FILE_TOO_LARGE,
        `The document has more than ${limits.maxMarkupTags} markup elements.`,
      );
    }
  }
  return {
    ok: true,
    entryCount: entries.length,
    uncompressedBytes: limits.maxUncompressedBytes - remaining,
    markupTags,
  };
}

function countTagOpenings(content: Uint8Array): number {
  let count = 0;
  for (let i = content.indexOf(0x3c); i >= 0; i = content.indexOf(0x3c, i + 1)) count++;
  return count;
}

function tooLarge(limits: ZipLimits): ZipProblem {
  const mib = Math.round(limits.maxUncompressedBytes / 2 ** 20);
  return new ZipProblem(
    FileErrorCode.FILE_TOO_LARGE,
    `The document expands to more than ${mib} MiB when unpacked.`,
  );
}

function corrupt(why: string): ZipProblem {
  return new ZipProblem(FileErrorCode.CORRUPT_FILE, `The file is not a readable .docx archive (${why}).`);
}

interface DirectoryLocation {
  readonly offset: number;
  readonly size: number;
  readonly count: number;
  /** Added to every stored offset. */
  readonly shift: number;
}

function readDirectoryLocation(view: DataView): DirectoryLocation {
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  let end = eocd;
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIG) throw corrupt("zip64 locator missing");
    const zip64 = safeNumber(view.getBigUint64(locator + 8, true));
    if (zip64 + 56 > view.byteLength || view.getUint32(zip64, true) !== ZIP64_EOCD_SIG) throw corrupt("zip64 record missing");
    count = safeNumber(view.getBigUint64(zip64 + 32, true));
    size = safeNumber(view.getBigUint64(zip64 + 40, true));
    offset = safeNumber(view.getBigUint64(zip64 + 48, true));
    end = zip64;
  }
  // Bytes prepended to the archive shift every stored offset; readers such as JSZip allow it.
  const shift = end - (offset + size);
  if (shift < 0) throw corrupt("central directory out of range");
  return { offset: offset + shift, size, count, shift };
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - MAX_COMMENT);
  for (let i = view.byteLength - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIG) return i;
  }
  throw corrupt("end of central directory not found");
}

function readCentralDirectory(
  bytes: Uint8Array,
  view: DataView,
  dir: DirectoryLocation,
  maxEntries: number,
): CentralEntry[] {
  if (dir.count > maxEntries) {
    throw new ZipProblem(FileErrorCode.FILE_TOO_LARGE, `The document has more than ${maxEntries} parts.`);
  }
  const entries: CentralEntry[] = [];
  let pos = dir.offset;
  for (let i = 0; i < dir.count; i++) {
    if (pos + 46 > view.byteLength || view.getUint32(pos, true) !== CENTRAL_SIG) throw corrupt("bad directory entry");
    const nameLength = view.getUint16(pos + 28, true);
    const extraLength = view.getUint16(pos + 30, true);
    const commentLength = view.getUint16(pos + 32, true);
    const next = pos + 46 + nameLength + extraLength + commentLength;
    if (next > view.byteLength) throw corrupt("directory entry out of range");
    const sizes = {
      uncompressed: view.getUint32(pos + 24, true),
      compressed: view.getUint32(pos + 20, true),
      offset: view.getUint32(pos + 42, true),
    };
    applyZip64Extra(view, pos + 46 + nameLength, extraLength, sizes);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(pos + 46, pos + 46 + nameLength)),
      flags: view.getUint16(pos + 8, true),
      method: view.getUint16(pos + 10, true),
      compressedSize: sizes.compressed,
      uncompressedSize: sizes.uncompressed,
      localOffset: sizes.offset + dir.shift,
    });
    pos = next;
  }
  return entries;
}

/** Zip64 extra field: 64-bit values present, in this order, only for fields saturated at 0xFFFFFFFF. */
function applyZip64Extra(
  view: DataView,
  start: number,
  length: number,
  sizes: { uncompressed: number; compressed: number; offset: number },
): void {
  let pos = start;
  while (pos + 4 <= start + length) {
    const id = view.getUint16(pos, true);
    const size = view.getUint16(pos + 2, true);
    if (id === 0x0001) {
      let field = pos + 4;
      for (const key of ["uncompressed", "compressed", "offset"] as const) {
        if (sizes[key] !== 0xffffffff) continue;
        if (field + 8 > pos + 4 + size) throw corrupt("short zip64 field");
        sizes[key] = safeNumber(view.getBigUint64(field, true));
        field += 8;
      }
      return;
    }
    pos += 4 + size;
  }
}

function inflateEntry(
  bytes: Uint8Array,
  view: DataView,
  entry: CentralEntry,
  remaining: number,
  limits: ZipLimits,
): Uint8Array {
  const local = entry.localOffset;
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL_SIG) throw corrupt(`bad local header for ${entry.name}`);
  const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > view.byteLength) throw corrupt(`${entry.name} is truncated`);
  if (entry.method === STORED) return bytes.subarray(dataStart, dataEnd);
  if (entry.method !== DEFLATED) throw corrupt(`unsupported compression method ${entry.method}`);
  try {
    // One byte over the budget is enough to know the budget is blown.
    return inflateRawSync(bytes.subarray(dataStart, dataEnd), { maxOutputLength: remaining + 1 });
  } catch (err) {
    if (err instanceof RangeError) throw tooLarge(limits);
    throw corrupt(`${entry.name} does not inflate`);
  }
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("offset too large");
  return Number(value);
}
