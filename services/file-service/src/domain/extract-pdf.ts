import { getResolvedPDFJS } from "unpdf";
import { fileFailure, FileErrorCode, type FileFailure } from "./file-error-codes.ts";

export interface PdfLimits {
  readonly maxPages: number;
}

export interface PdfText {
  readonly ok: true;
  readonly text: string;
  readonly pageCount: number;
}

type PdfJs = Awaited<ReturnType<typeof getResolvedPDFJS>>;
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

/**
 * Text of a PDF's text layer, pages joined by a newline. Stops and releases pdf.js as soon as
 * `signal` aborts. A PDF whose pages carry no text (a scan) is NO_TEXT_LAYER.
 * @example await extractPdfText(bytes, { maxPages: 100 }, AbortSignal.timeout(10_000))
 */
export async function extractPdfText(
  bytes: Uint8Array,
  limits: PdfLimits,
  signal: AbortSignal,
): Promise<PdfText | FileFailure> {
  const pdfjs = await getResolvedPDFJS();
  const task = pdfjs.getDocument({
    // pdf.js may take ownership of the buffer; the caller keeps theirs.
    data: bytes.slice(),
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
  });
  const stop = () => void task.destroy();
  signal.addEventListener("abort", stop, { once: true });
  try {
    const pdf = await task.promise;
    if (pdf.numPages > limits.maxPages) {
      return fileFailure(
        FileErrorCode.FILE_TOO_LARGE,
        `The PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are accepted.`,
      );
    }
    const text = await readPages(pdf, signal);
    if (text.trim() === "") {
      return fileFailure(
        FileErrorCode.NO_TEXT_LAYER,
        "The PDF has no text layer (it may be a scanned image); upload a document with selectable text.",
      );
    }
    return { ok: true, text, pageCount: pdf.numPages };
  } catch (err) {
    return classifyPdfError(pdfjs, err);
  } finally {
    signal.removeEventListener("abort", stop);
    await task.destroy().catch(() => undefined);
  }
}

async function readPages(pdf: PdfDocument, signal: AbortSignal): Promise<string> {
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    // pdf.js works in microtasks only; without a macrotask turn the timeout timer never fires.
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    const content = await (await pdf.getPage(n)).getTextContent();
    let page = "";
    for (const item of content.items) {
      if ("str" in item) page += item.str + (item.hasEOL ? "\n" : "");
    }
    pages.push(page);
  }
  return pages.join("\n");
}

function classifyPdfError(pdfjs: PdfJs, err: unknown): FileFailure {
  if (err instanceof pdfjs.PasswordException) {
    return fileFailure(FileErrorCode.ENCRYPTED_FILE, "The PDF is password-protected.");
  }
  return fileFailure(FileErrorCode.CORRUPT_FILE, "The file could not be read as a PDF document.");
}
