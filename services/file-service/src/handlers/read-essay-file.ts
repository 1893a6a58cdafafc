import { extractText, type DocumentFormat, type ExtractTextOptions } from "../domain/extract-text.ts";
import { fileFailure, FileErrorCode, type FileFailure } from "../domain/file-error-codes.ts";
import { parseStudentHeader, type ParsedStudent } from "../domain/parse-student.ts";
import { validateContent, type ContentLimits } from "../domain/validate-content.ts";

export interface EssayFileReadOptions {
  readonly extract: ExtractTextOptions;
  readonly limits: ContentLimits;
}

export interface EssayFileText {
  readonly ok: true;
  /** Normalised text: what is stored and hashed. */
  readonly text: string;
  readonly format: DocumentFormat;
  readonly charCount: number;
  readonly wordCount: number;
  readonly student: ParsedStudent;
}

export type EssayFileReading = EssayFileText | FileFailure;

/** Text this far over the limit is refused before normalising it (which is not linear in length). */
const RAW_LENGTH_FACTOR = 4;
/** Horizontal whitespace and characters normalisation deletes, i.e. what becomes one run of spaces. */
const BLANK_RUN = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\u200b\u00ad\u0000-\u0008\u000e-\u001f\u007f-\u009f]{64,}/g;

/**
 * Everything done to an uploaded file without I/O: extract its text, check it is an essay, read
 * the student's name and e-mail from its first lines. Runs inside an extraction worker.
 * @example const reading = await readEssayFile("essay.pdf", bytes, { extract: {}, limits })
 */
export async function readEssayFile(fileName: string, bytes: Uint8Array, options: EssayFileReadOptions): Promise<EssayFileReading> {
  const extracted = await extractText(fileName, bytes, options.extract);
  if (!extracted.ok) return extracted;
  // normalizeEssayText's trailing-space pattern is quadratic in the length of a blank run: a file of
  // spaces would pin a core for minutes. Such runs are layout, not writing; one space keeps the words apart.
  const text = extracted.text.replace(BLANK_RUN, " ");
  const { maxChars } = options.limits;
  if (text.length > maxChars * RAW_LENGTH_FACTOR) {
    return fileFailure(
      FileErrorCode.CONTENT_TOO_LONG,
      `The essay has more than ${maxChars * RAW_LENGTH_FACTOR} characters; at most ${maxChars} are accepted.`,
    );
  }
  const valid = validateContent(text, options.limits);
  if (!valid.ok) return valid;
  return {
    ok: true,
    text: valid.text,
    format: extracted.format,
    charCount: valid.charCount,
    wordCount: valid.wordCount,
    student: parseStudentHeader(valid.text),
  };
}
