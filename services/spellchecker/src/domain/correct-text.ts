import { applyCasePattern, casePatternOf } from "./casing.ts";
import { chooseReplacement, maxCost } from "./choose-replacement.ts";
import { NO_ROSTER_NAMES, type RosterNames } from "./roster-names.ts";
import { contextEvidence, type SpellingNeighbourhood } from "./spelling-context.ts";
import type { Speller } from "./speller.ts";
import { SWEDISH_LEARNER_ERRORS } from "./swedish-learner-errors.ts";
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
 * leaves everything else exactly as written. Words of `rosterNames` (the class's pupils, in any
 * case, possessive or part of a double name) are never changed.
 *
 * @example correctText("I recieve teh book.", await loadSpeller("en")).correctedText
 * // "I receive the book."
 */
export function correctText(text: string, speller: Speller, rosterNames: RosterNames = NO_ROSTER_NAMES): CorrectedText {
  const tokens = tokenizeForSpelling(text);
  const names = namesUsedIn(tokens, speller);
  const wordsInText = correctWordsIn(tokens, speller);
  const decided = new Map<string, string | null>();
  const corrections: SpellingCorrection[] = [];

  let previousWord: string | undefined;
  for (const token of tokens) {
    if (!token.checkable) {
      previousWord = undefined;
      continue;
    }
    // A roster name is kept whole ("Anna-Karin"), or part by part in a compound ("Anna-Karin-dagen").
    for (const part of rosterNames.has(token.text) ? [token] : partsToCheck(token, speller)) {
      if (rosterNames.has(part.text)) {
        previousWord = part.text;
        continue;
      }
      // The same word in the same place is decided once per text.
      const key = `${part.sentenceStart ? "S" : "-"}${previousWord ?? ""} ${part.text}`;
      let replacement = decided.get(key);
      if (replacement === undefined) {
        replacement = correctWord(part.text, part.sentenceStart, names, speller, { previousWord, wordsInText });
        decided.set(key, replacement);
      }
      if (replacement !== null) corrections.push({ offset: part.offset, original: part.text, replacement });
      previousWord = part.text;
    }
  }

  return {
    correctedText: applyCorrections(text, corrections),
    corrections,
    wordCount: tokens.length,
    correctionCount: corrections.length,
  };
}

const MIN_RANKED_LENGTH = 3;

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

function correctWord(
  word: string,
  sentenceStart: boolean,
  names: ReadonlySet<string>,
  speller: Speller,
  around: SpellingNeighbourhood,
): string | null {
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
  const known = speller.language === "en" ? SWEDISH_LEARNER_ERRORS.get(lower) : undefined;
  if (known !== undefined) return applyCasePattern(known, pattern);
  // Two letters are too little evidence for a frequency ranking ("Ok" is not "Of").
  if (Array.from(word).length < MIN_RANKED_LENGTH) return null;
  const policy = {
    // Outside lowercase input only common words qualify: "Jonsson" must not become "Johnson".
    allowProperNouns: pattern === "lower",
    isCommonWord: (candidate: string) => speller.isCorrect(candidate),
    prior: speller.prior,
    context: contextEvidence(speller.language, around),
    language: speller.language,
  };
  // One-edit words first; the slower search two edits out only when they leave no clear choice.
  // The near list is reused, not regenerated, for the far search.
  const near = speller.suggest(lower);
  let choice = chooseReplacement(lower, near, policy);
  if (choice !== null) return casedChoice(choice, pattern);
  const nearAndFar = [...new Set([...near, ...speller.farSuggestions(lower, maxCost(lower, true))])];
  choice = chooseReplacement(lower, nearAndFar, policy);
  // Last, a lowercase name one edit away that the frequency list lacks ("heidelburg" → "Heidelberg").
  if (choice === null && pattern === "lower") {
    const names = speller.nameSuggestions(lower);
    if (names.length > 0) choice = chooseReplacement(lower, [...new Set([...nearAndFar, ...names])], policy);
  }
  return choice === null ? null : casedChoice(choice, pattern);
}

/** A lowercase proper noun gets the dictionary's capitals ("stockholm" → "Stockholm"). */
function casedChoice(choice: string, pattern: ReturnType<typeof casePatternOf>): string {
  return choice === choice.toLocaleLowerCase() ? applyCasePattern(choice, pattern) : choice;
}

/** Lowercase words of the text the dictionary accepts (evidence for what the writer means elsewhere). */
function correctWordsIn(tokens: readonly SpellingToken[], speller: Speller): Set<string> {
  const words = new Set<string>();
  for (const token of tokens) {
    const lower = token.text.toLocaleLowerCase();
    if (token.checkable && !words.has(lower) && speller.isCorrect(lower)) words.add(lower);
  }
  return words;
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
