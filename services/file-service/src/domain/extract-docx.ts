import mammoth from "mammoth";
import { fileFailure, FileErrorCode, type FileFailure } from "./file-error-codes.ts";
import { inspectZipArchive, type ZipLimits } from "./inspect-zip.ts";

export interface DocxText {
  readonly ok: true;
  /** Paragraphs separated by a blank line, as mammoth writes them. */
  readonly text: string;
}

/**
 * Raw text of a .docx. The archive is checked against `limits` first, because mammoth inflates
 * whatever the zip asks for.
 * @example await extractDocxText(bytes, { maxUncompressedBytes: 64 << 20, maxEntries: 5000, maxMarkupTags: 400_000 })
 */
export async function extractDocxText(bytes: Uint8Array, limits: ZipLimits): Promise<DocxText | FileFailure> {
  const inspection = inspectZipArchive(bytes, limits);
  if (!inspection.ok) return inspection;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await mammoth.extractRawText({ buffer });
    return { ok: true, text: result.value };
  } catch {
    return fileFailure(FileErrorCode.CORRUPT_FILE, "The file could not be read as a Word (.docx) document.");
  }
}
