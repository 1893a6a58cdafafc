/** A word as the metrics count it: a whitespace-separated token with a letter or digit in it. */
export interface MetricWord {
  /** Lowercased, outer punctuation stripped, curly apostrophe straightened: the word's type. */
  readonly type: string;
  /** Letters and digits in the word (what "word length" measures). */
  readonly characters: number;
  /** Letters only (what LIX's "long word" counts). */
  readonly letters: number;
  readonly surface: string;
}

export interface TextSegments {
  readonly paragraphs: ReadonlyArray<ReadonlyArray<ReadonlyArray<MetricWord>>>;
}

const BLANK_LINE = /\n[ \t]*\n/;
const OUTER_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
// Sentence-final punctuation with any closing quotes or brackets, then a space or the end.
const SENTENCE_END = /[.!?…]+["'”’»)\]]*(?=\s|$)/gu;
const OPENERS = /^[\s"'“‘«„(\[—–-]*/u;
// A period after these does not end the sentence even when a capital follows ("Mr. Smith").
const TITLES = new Set(["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "hr", "fr", "nr"]);

/**
 * Splits text into paragraphs, sentences and words.
 * Paragraphs are separated by blank lines; a text without any blank line takes each line as a
 * paragraph (one paragraph per line is how many editors export) unless the line continues in
 * lowercase (a hard wrap). A sentence ends at . ! ? or …, or at a line break, when what follows
 * does not start in lowercase ("t.ex. att" continues).
 *
 * @example segmentText("One. Two\n\nThree").paragraphs.length // 2
 */
export function segmentText(text: string): TextSegments {
  const normalised = text.replace(/\r\n?/g, "\n");
  const blocks = BLANK_LINE.test(normalised) ? normalised.split(/\n[ \t]*(?:\n[ \t]*)+/) : linesAsParagraphs(normalised);
  const paragraphs = blocks
    .map((block) => splitSentences(block).map(wordsOf).filter((words) => words.length > 0))
    .filter((sentences) => sentences.length > 0);
  return { paragraphs };
}

function linesAsParagraphs(text: string): string[] {
  const paragraphs: string[] = [];
  for (const line of text.split("\n")) {
    const first = line.replace(OPENERS, "").charAt(0);
    const continues = first !== "" && first !== first.toLocaleUpperCase();
    const last = paragraphs.length - 1;
    if (continues && last >= 0) paragraphs[last] += `\n${line}`;
    else paragraphs.push(line);
  }
  return paragraphs;
}

function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const cut = (end: number): void => {
    sentences.push(paragraph.slice(start, end));
    start = end;
  };
  const breaks = [
    ...Array.from(paragraph.matchAll(SENTENCE_END), (m) => ({ at: m.index, end: m.index + m[0].length, line: false })),
    ...Array.from(paragraph.matchAll(/\n/g), (m) => ({ at: m.index, end: m.index + 1, line: true })),
  ].sort((a, b) => a.end - b.end);
  for (const candidate of breaks) {
    if (candidate.end <= start) continue;
    const following = paragraph.slice(candidate.end).replace(OPENERS, "");
    const next = following.charAt(0);
    if (next !== "" && next !== next.toLocaleUpperCase()) continue;
    if (!candidate.line && paragraph.charAt(candidate.at) === "." && isTitleOrInitial(paragraph, candidate.at)) continue;
    cut(candidate.end);
  }
  cut(paragraph.length);
  return sentences;
}

/** True when the period at `periodAt` follows a title ("Dr") or a single capital initial ("J"). */
function isTitleOrInitial(paragraph: string, periodAt: number): boolean {
  const word = /[\p{L}]+$/u.exec(paragraph.slice(Math.max(0, periodAt - 10), periodAt))?.[0] ?? "";
  if (TITLES.has(word.toLocaleLowerCase())) return true;
  return word.length === 1 && word === word.toLocaleUpperCase() && word !== word.toLocaleLowerCase();
}

function wordsOf(sentence: string): MetricWord[] {
  const words: MetricWord[] = [];
  for (const token of sentence.split(/\s+/)) {
    if (!/[\p{L}\p{N}]/u.test(token)) continue;
    const surface = token.replace(OUTER_PUNCTUATION, "");
    words.push({
      surface,
      type: surface.toLocaleLowerCase().replace(/’/g, "'"),
      characters: (surface.match(/[\p{L}\p{M}\p{N}]/gu) ?? []).length,
      letters: (surface.match(/\p{L}/gu) ?? []).length,
    });
  }
  return words;
}
