import { fileFailure, FileErrorCode, type FileFailure } from "./file-error-codes.ts";

export interface ContentLimits {
  readonly minChars: number;
  readonly minWords: number;
  readonly maxChars: number;
}

export const DEFAULT_CONTENT_LIMITS = {
  minChars: 50,
  minWords: 10,
  maxChars: 50_000,
} as const satisfies ContentLimits;

export interface ValidContent {
  readonly ok: true;
  /** The normalised text, which is what gets stored. */
  readonly text: string;
  readonly charCount: number;
  readonly wordCount: number;
}

/**
 * Normalise extracted text without losing paragraphs: NFC, LF line ends, no trailing spaces,
 * no invisible characters, Unicode spaces as plain spaces, at most one blank line in a row.
 * @example normalizeEssayText("Title \r\n\r\n\r\nBody\u00a0text ") // "Title\n\nBody text"
 */
export function normalizeEssayText(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(/\r\n?/g, "\n")
      .replace(/[\u2028\v]/g, "\n")
      .replace(/[\u2029\f]/g, "\n\n")
      // BOM, zero-width space and soft hyphen are invisible and split words for NLP.
      .replace(/[\ufeff\u200b\u00ad]/g, "")
      .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, " ")
      // Remaining control characters other than tab and newline carry no text.
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, "")
      // Trailing blanks per line without a regex: /[ \t]+$/gm is quadratic on long runs of spaces.
      .split("\n").map((line) => line.trimEnd()).join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** Whitespace-separated tokens that contain at least one letter or digit. */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) {
    if (/[\p{L}\p{N}]/u.test(token)) count++;
  }
  return count;
}

/**
 * Normalise extracted essay text and check it is an essay-sized piece of writing.
 * @example validateContent(text, { minWords: 100 }) // { ok: false, code: "CONTENT_TOO_SHORT", ... }
 */
export function validateContent(text: string, limits: Partial<ContentLimits> = {}): ValidContent | FileFailure {
  // Field by field: a limit given as undefined keeps its default.
  const minChars = limits.minChars ?? DEFAULT_CONTENT_LIMITS.minChars;
  const minWords = limits.minWords ?? DEFAULT_CONTENT_LIMITS.minWords;
  const maxChars = limits.maxChars ?? DEFAULT_CONTENT_LIMITS.maxChars;
  const normalised = normalizeEssayText(text);
  const charCount = normalised.length;
  const wordCount = countWords(normalised);
  if (charCount === 0) return fileFailure(FileErrorCode.EMPTY_CONTENT, "The file contains no text.");
  if (charCount > maxChars) {
    return fileFailure(
      FileErrorCode.CONTENT_TOO_LONG,
      `The essay has ${charCount} characters; at most ${maxChars} are accepted.`,
    );
  }
  if (charCount < minChars || wordCount < minWords) {
    return fileFailure(
      FileErrorCode.CONTENT_TOO_SHORT,
      `The essay has ${charCount} characters and ${wordCount} words; ` +
        `at least ${minChars} characters and ${minWords} words are required.`,
    );
  }
  return { ok: true, text: normalised, charCount, wordCount };
}
