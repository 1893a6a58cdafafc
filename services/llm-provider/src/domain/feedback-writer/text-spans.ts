import type { QuotedSpan } from "@shared/contracts/feedback.ts";

/** A sentence of the essay with its offsets, and the paragraph it is in. */
export interface SentenceSpan extends QuotedSpan {
  readonly paragraph: number;
  readonly words: number;
}

const WORD = /\p{L}+(?:['’-]\p{L}+)*/gu;
const SENTENCE = /[^.!?…\n]*[\p{L}\p{N}][^.!?…\n]*(?:[.!?…]+["”’)]?)?/gu;

export const wordCount = (text: string) => text.match(WORD)?.length ?? 0;

/**
 * The essay's sentences with UTF-16 offsets, trimmed, so every span is verbatim text.
 * @example sentenceSpans("Hi there. Bye.")[1] // { text: "Bye.", start: 10, end: 14, … }
 */
export function sentenceSpans(essay: string): SentenceSpan[] {
  // Paragraphs break at blank lines, or at single line breaks when the text has no blank line.
  const breakPattern = /\n\s*\n/.test(essay) ? /\n\s*\n/g : /\n/g;
  const breaks = [...essay.matchAll(breakPattern)].map((m) => m.index ?? 0);
  const spans: SentenceSpan[] = [];
  for (const match of essay.matchAll(SENTENCE)) {
    const raw = match[0];
    const text = raw.trim();
    if (!text) continue;
    const start = (match.index ?? 0) + raw.length - raw.trimStart().length;
    const paragraph = breaks.filter((b) => b < start).length;
    spans.push({ text, start, end: start + text.length, paragraph, words: wordCount(text) });
  }
  return spans;
}

/** The span of `needle` at or after `from`, or null; `wholeWord` keeps it from matching inside a word. */
export function findSpan(essay: string, needle: string, from = 0, wholeWord = true): QuotedSpan | null {
  if (!needle) return null;
  let at = essay.indexOf(needle, from);
  while (at >= 0) {
    const before = essay[at - 1];
    const after = essay[at + needle.length];
    const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
    if (!wholeWord || (!isLetter(before) && !isLetter(after))) return { text: needle, start: at, end: at + needle.length };
    at = essay.indexOf(needle, at + 1);
  }
  return null;
}

/** A span of at most `maxWords` words starting at the sentence's start (verbatim, cut at a word end). */
export function openingOf(sentence: QuotedSpan, maxWords: number): QuotedSpan {
  let count = 0;
  for (const match of sentence.text.matchAll(WORD)) {
    count++;
    if (count === maxWords) {
      const end = (match.index ?? 0) + match[0].length;
      return { text: sentence.text.slice(0, end), start: sentence.start, end: sentence.start + end };
    }
  }
  return sentence;
}

/** A few words either side of a span, widened to word boundaries within its sentence. */
export function contextOf(essay: string, span: QuotedSpan, sentence: QuotedSpan, wordsEachSide = 3): QuotedSpan {
  const before = essay.slice(sentence.start, span.start);
  const after = essay.slice(span.end, sentence.end);
  const beforeWords = [...before.matchAll(WORD)];
  const afterWords = [...after.matchAll(WORD)];
  const first = beforeWords[Math.max(0, beforeWords.length - wordsEachSide)];
  const last = afterWords[Math.min(afterWords.length, wordsEachSide) - 1];
  const start = first ? sentence.start + (first.index ?? 0) : span.start;
  const end = last ? span.end + (last.index ?? 0) + last[0].length : span.end;
  return { text: essay.slice(start, end), start, end };
}

export const capitalise = (s: string) => s.replace(/^(\P{L}*)(\p{L})/u, (_, pre: string, c: string) => pre + c.toUpperCase());
