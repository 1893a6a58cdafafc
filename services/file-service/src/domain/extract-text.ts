import { decodeTextFile, type TextEncodingName } from "./decode-text.ts";
import { extractDocxText } from "./extract-docx.ts";
import { extractPdfText } from "./extract-pdf.ts";
import { fileFailure, FileErrorCode, type FileFailure } from "./file-error-codes.ts";

export const DocumentFormat = { TXT: "txt", DOCX: "docx", PDF: "pdf" } as const;
export type DocumentFormat = (typeof DocumentFormat)[keyof typeof DocumentFormat];

export interface ExtractedText {
  readonly ok: true;
  readonly text: string;
  /** The format actually parsed; a zip named .pdf is read as .docx and the other way round. */
  readonly format: DocumentFormat;
  /** Only for .txt: the encoding the bytes were decoded from. */
  readonly encoding?: TextEncodingName;
}

export type ExtractionResult = ExtractedText | FileFailure;

export interface ExtractTextOptions {
  /** Whole extraction, after which EXTRACTION_TIMEOUT is returned. */
  readonly timeoutMs?: number;
  /** Budget for a .docx archive once inflated (zip bomb guard). */
  readonly maxUncompressedBytes?: number;
  readonly maxZipEntries?: number;
  /** Budget of XML tags in a .docx, bounding the parser's time and memory. */
  readonly maxDocxMarkupTags?: number;
  readonly maxPdfPages?: number;
}

export const DEFAULT_EXTRACT_OPTIONS = {
  timeoutMs: 10_000,
  maxUncompressedBytes: 64 * 2 ** 20,
  maxZipEntries: 5_000,
  maxDocxMarkupTags: 400_000,
  maxPdfPages: 200,
} as const satisfies Required<ExtractTextOptions>;

const EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  ".txt": DocumentFormat.TXT,
  ".docx": DocumentFormat.DOCX,
  ".pdf": DocumentFormat.PDF,
};

/** Format named by a file's extension (case-insensitive), or undefined when unsupported. */
export function documentFormatOf(fileName: string): DocumentFormat | undefined {
  const dot = fileName.lastIndexOf(".");
  if (dot < 0) return undefined;
  return EXTENSIONS[fileName.slice(dot).toLowerCase()];
}

/**
 * Plain text of an uploaded essay file. Never throws and never outlives `timeoutMs`: corrupt,
 * encrypted, oversized or text-less files come back as `{ ok: false, code, message }`.
 * @example
 * const result = await extractText("essay.docx", bytes);
 * if (!result.ok) emitValidationFailed(result.code, result.message);
 */
export async function extractText(
  fileName: string,
  bytes: Uint8Array,
  options: ExtractTextOptions = {},
): Promise<ExtractionResult> {
  const settings = withDefaults(options);
  const named = documentFormatOf(fileName);
  if (!named) return unsupported(fileName);
  if (bytes.length === 0) return fileFailure(FileErrorCode.EMPTY_CONTENT, "The file is empty.");

  const timedOut = () =>
    fileFailure(FileErrorCode.EXTRACTION_TIMEOUT, `Reading the file took longer than ${settings.timeoutMs} ms.`);
  const startedAt = performance.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<FileFailure>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(timedOut());
    }, settings.timeoutMs);
  });
  try {
    const result = await Promise.race([extractAs(named, bytes, settings, controller.signal), deadline]);
    // Synchronous parsing can starve the timer; the clock decides so the limit means one thing.
    return performance.now() - startedAt > settings.timeoutMs ? timedOut() : result;
  } catch {
    return fileFailure(FileErrorCode.EXTRACTION_FAILED, "The file could not be processed.");
  } finally {
    clearTimeout(timer);
  }
}

/** Field by field, so an option present but undefined (as config layers produce) keeps its default. */
function withDefaults(options: ExtractTextOptions): Required<ExtractTextOptions> {
  const d = DEFAULT_EXTRACT_OPTIONS;
  return {
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    maxUncompressedBytes: options.maxUncompressedBytes ?? d.maxUncompressedBytes,
    maxZipEntries: options.maxZipEntries ?? d.maxZipEntries,
    maxDocxMarkupTags: options.maxDocxMarkupTags ?? d.maxDocxMarkupTags,
    maxPdfPages: options.maxPdfPages ?? d.maxPdfPages,
  };
}

async function extractAs(
  named: DocumentFormat,
  bytes: Uint8Array,
  settings: Required<ExtractTextOptions>,
  signal: AbortSignal,
): Promise<ExtractionResult> {
  if (named === DocumentFormat.TXT) {
    const decoded = decodeTextFile(bytes);
    if (!decoded.ok) return decoded;
    return { ok: true, text: decoded.text, format: DocumentFormat.TXT, encoding: decoded.encoding };
  }
  const container = sniffContainer(bytes);
  if (container === "cfb") return legacyOrEncryptedOffice(bytes);
  if (container === "zip") {
    const limits = {
      maxUncompressedBytes: settings.maxUncompressedBytes,
      maxEntries: settings.maxZipEntries,
      maxMarkupTags: settings.maxDocxMarkupTags,
    };
    const docx = await extractDocxText(bytes, limits);
    return docx.ok ? { ok: true, text: docx.text, format: DocumentFormat.DOCX } : docx;
  }
  if (container === "unknown" && named === DocumentFormat.DOCX) {
    return fileFailure(FileErrorCode.CORRUPT_FILE, "The file is not a valid Word (.docx) document.");
  }
  // pdf.js finds a header preceded by junk itself, so unknown bytes named .pdf go to it too.
  const pdf = await extractPdfText(bytes, { maxPages: settings.maxPdfPages }, signal);
  return pdf.ok ? { ok: true, text: pdf.text, format: DocumentFormat.PDF } : pdf;
}

type Container = "zip" | "pdf" | "cfb" | "unknown";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF_HEADER_WINDOW = 1024;

function sniffContainer(bytes: Uint8Array): Container {
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) return "zip";
  if (startsWith(bytes, CFB_MAGIC)) return "cfb";
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW));
  return head.includes("%PDF-") ? "pdf" : "unknown";
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Office wraps password-protected .docx in a compound file with an "EncryptedPackage" stream. */
function legacyOrEncryptedOffice(bytes: Uint8Array): FileFailure {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(Buffer.from("EncryptedPackage", "utf16le"))) {
    return fileFailure(FileErrorCode.ENCRYPTED_FILE, "The document is password-protected.");
  }
  return fileFailure(
    FileErrorCode.UNSUPPORTED_FILE_TYPE,
    "The file is an old-style Word (.doc) document; save it as .docx and upload again.",
  );
}

function unsupported(fileName: string): FileFailure {
  const dot = fileName.lastIndexOf(".");
  const ext = dot < 0 ? "(none)" : fileName.slice(dot).toLowerCase();
  const hint = ext === ".doc" ? " Save it as .docx and upload again." : "";
  return fileFailure(
    FileErrorCode.UNSUPPORTED_FILE_TYPE,
    `Files of type ${ext} are not supported; upload .txt, .docx or .pdf.${hint}`,
  );
}
