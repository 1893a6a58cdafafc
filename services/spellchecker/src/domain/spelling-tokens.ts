/** A word of the text as the spellchecker sees it; offsets index the original string. */
export interface SpellingToken {
  readonly text: string;
  readonly offset: number;
  /** False for numbers, words with digits, URLs, e-mail addresses, handles and hashtags. */
  readonly checkable: boolean;
  /** First word of the text, of a line, or after sentence-final punctuation. */
  readonly sentenceStart: boolean;
}

const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"']+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Bare domains such as "skolverket.se" or "example.com/page".
const DOMAIN = /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|org|net|edu|gov|io|se|uk|nu|info|eu|de|fi|no|dk)\b(?:\/[^\s]*)?/giu;
const WORD = /[\p{L}\p{M}\p{N}_]+(?:['’-][\p{L}\p{M}\p{N}_]+)*/gu;
const HAS_DIGIT_OR_UNDERSCORE = /[\p{N}_]/u;
const SENTENCE_END = /[.!?…]$/u;
// Quotes, brackets and dashes that may sit between a sentence end and the next word.
const OPENERS = /[\s"'“”‘’«»„(\[{—–-]+$/u;

/**
 * Splits text into words with their offsets, marking the ones that must not be spell-checked.
 * Each URL and e-mail address is one unchecked token.
 *
 * @example tokenizeForSpelling("Mail me@x.se now")[1] // { text: "me@x.se", checkable: false, ... }
 */
export function tokenizeForSpelling(text: string): SpellingToken[] {
  const protectedSpans = findProtectedSpans(text);
  const tokens: SpellingToken[] = [];
  for (const span of protectedSpans) {
    tokens.push({ text: text.slice(span.start, span.end), offset: span.start, checkable: false, sentenceStart: false });
  }
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    if (protectedSpans.some((span) => start < span.end && end > span.start)) continue;
    const before = text[start - 1];
    const checkable = !HAS_DIGIT_OR_UNDERSCORE.test(match[0]) && before !== "@" && before !== "#";
    tokens.push({ text: match[0], offset: start, checkable, sentenceStart: isSentenceStart(text, start) });
  }
  return tokens.sort((a, b) => a.offset - b.offset);
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function findProtectedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of [URL, EMAIL, DOMAIN]) {
    for (const match of text.matchAll(pattern)) {
      // Sentence punctuation right after a link is not part of it.
      const trimmed = match[0].replace(/[.,;:!?)\]}"'’”]+$/u, "");
      const span = { start: match.index, end: match.index + trimmed.length };
      if (!spans.some((s) => span.start < s.end && span.end > s.start)) spans.push(span);
    }
  }
  return spans;
}

function isSentenceStart(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 40), offset);
  const opener = OPENERS.exec(before);
  const head = opener === null ? before : before.slice(0, opener.index);
  if (offset - before.length === 0 && head.length === 0) return true;
  if (opener !== null && opener[0].includes("\n")) return true;
  return SENTENCE_END.test(head);
}
