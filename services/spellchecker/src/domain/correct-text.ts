import { applyCasePattern, casePatternOf } from "./casing.ts";
import { chooseReplacement } from "./choose-replacement.ts";
import type { Speller } from "./speller.ts";
import { tokenizeForSpelling, type SpellingToken } from "./spelling-tokens.ts";

export interface SpellingCorrection {
  /** Character offset of `original` in the uncorrected text (UTF-16 code units). */
  readonly offset: number;
  readonly original: string;
  readonly replacement: string;
}

export interface CorrectedText {
  readonly correctedText: string;
  readonly corrections: SpellingCorrection[];
  /** Words in the text, URLs and e-mail addresses counting as one each. */
  readonly wordCount: number;
  readonly correctionCount: number;
}

/**
 * Corrects misspelled words for which the dictionary offers one clearly best replacement, and
 * leaves everything else exactly as written.
 *
 * @example correctText("I recieve teh book.", await loadSpeller("en")).correctedText
 * // "I receive the book."
 */
export function correctText(text: string, speller: Speller): CorrectedText {
  const tokens = tokenizeForSpelling(text);
  const names = namesUsedIn(tokens, speller);
  const decided = new Map<string, string | null>();
  const corrections: SpellingCorrection[] = [];

  for (const token of tokens) {
    if (!token.checkable) continue;
    for (const part of partsToCheck(token, speller)) {
      const key = `${part.sentenceStart ? "S" : "-"}${part.text}`;
      let replacement = decided.get(key);
      if (replacement === undefined) {
        replacement = correctWord(part.text, part.sentenceStart, names, speller);
        decided.set(key, replacement);
      }
      if (replacement !== null) corrections.push({ offset: part.offset, original: part.text, replacement });
    }
  }

  return {
    correctedText: applyCorrections(text, corrections),
    corrections,
    wordCount: tokens.length,
    correctionCount: corrections.length,
  };
}

/** A hyphenated word the dictionary lacks is checked part by part ("well-known", "e-mail"). */
function partsToCheck(token: SpellingToken, speller: Speller): SpellingToken[] {
  if (!token.text.includes("-") || speller.isCorrect(token.text)) {
    return [token];
  }
  const parts: SpellingToken[] = [];
  let offset = token.offset;
  for (const [index, text] of token.text.split("-").entries()) {
    parts.push({ text, offset, checkable: true, sentenceStart: token.sentenceStart && index === 0 });
    offset += text.length + 1;
  }
  return parts;
}

function correctWord(word: string, sentenceStart: boolean, names: ReadonlySet<string>, speller: Speller): string | null {
  if (Array.from(word).length < 2 || speller.isCorrect(word)) return null;
  const pattern = casePatternOf(word);
  if (pattern === "mixed") return null;
  if (pattern !== "lower") {
    // A capitalised word the dictionary lacks is a name unless it opens a sentence; a word
    // used as a name elsewhere in the text stays a name at a sentence start too.
    if (pattern === "capitalized" && !sentenceStart) return null;
    if (names.has(word.toLocaleLowerCase())) return null;
    if (speller.isCorrect(word.toLocaleLowerCase())) return null;
  }
  const lower = word.toLocaleLowerCase();
  const choice = chooseReplacement(lower, speller.suggest(lower), {
    // Outside lowercase input only common words qualify: "Jonsson" must not become "Johnson".
    allowProperNouns: pattern === "lower",
    isCommonWord: (candidate) => speller.isCorrect(candidate),
  });
  if (choice === null) return null;
  // A lowercase proper noun gets the dictionary's capitals ("stockholm" → "Stockholm").
  return choice === choice.toLocaleLowerCase() ? applyCasePattern(choice, pattern) : choice;
}

/** Capitalised words mid-sentence that the dictionary lacks: the text's own names. */
function namesUsedIn(tokens: readonly SpellingToken[], speller: Speller): Set<string> {
  const names = new Set<string>();
  for (const token of tokens) {
    if (token.checkable && !token.sentenceStart && casePatternOf(token.text) === "capitalized"
      && !speller.isCorrect(token.text)) {
      names.add(token.text.toLocaleLowerCase());
    }
  }
  return names;
}

function applyCorrections(text: string, corrections: readonly SpellingCorrection[]): string {
  let out = "";
  let cursor = 0;
  for (const correction of corrections) {
    out += text.slice(cursor, correction.offset) + correction.replacement;
    cursor = correction.offset + correction.original.length;
  }
  return out + text.slice(cursor);
}
