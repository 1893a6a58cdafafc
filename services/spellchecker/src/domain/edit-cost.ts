/**
 * Weighted edit cost between a misspelling and a candidate (optimal string alignment).
 * The discounts model the errors writers make most often, so a candidate explained by one of
 * them ranks ahead of one needing an arbitrary edit of the same Levenshtein size.
 *
 * Past `limit` it may stop early and return Infinity.
 *
 * @example spellingEditCost("recieve", "receive") // 0.5 (one adjacent swap)
 */
export function spellingEditCost(misspelling: string, candidate: string, limit = Infinity, language: EditLanguage = "en"): number {
  const a = Array.from(misspelling.toLowerCase());
  const b = Array.from(candidate.toLowerCase());
  // One letter typed too early or too late ("tounge", "yatch") is one slip, not two edits.
  if (isMovedLetter(a, b)) return Math.min(MOVED_LETTER, alignmentCost(a, b, limit, language));
  return alignmentCost(a, b, limit, language);
}

/** The English left-out letters below are English spelling patterns; Swedish has only the general costs. */
export type EditLanguage = "en" | "sv";

function alignmentCost(a: readonly string[], b: readonly string[], limit: number, language: EditLanguage): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const codesA = a.map((ch) => ch.codePointAt(0) ?? 0);
  const codesB = b.map((ch) => ch.codePointAt(0) ?? 0);
  const gapA = a.map((_, i) => gapCost(a, i));
  const hasX = a.includes("x");
  const gapB = language === "en" ? b.map((_, j) => insertionCost(b, j, hasX)) : b.map((_, j) => gapCost(b, j));
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 1; i < rows; i++) d[i * cols] = (d[(i - 1) * cols] as number) + (gapA[i - 1] as number);
  for (let j = 1; j < cols; j++) d[j] = (d[j - 1] as number) + (gapB[j - 1] as number);
  let previousRowMin = 0;
  for (let i = 1; i < rows; i++) {
    const ca = a[i - 1] as string;
    const gap = gapA[i - 1] as number;
    let rowMin = d[i * cols] as number;
    for (let j = 1; j < cols; j++) {
      const cb = b[j - 1] as string;
      const up = (d[(i - 1) * cols + j] as number) + gap;
      const left = (d[i * cols + j - 1] as number) + (gapB[j - 1] as number);
      const diagonal = (d[(i - 1) * cols + j - 1] as number) + (ca === cb ? 0 : substitutionCost(ca, cb, codesA[i - 1]! * 0x110000 + codesB[j - 1]!));
      let best = up < left ? up : left;
      if (diagonal < best) best = diagonal;
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb && ca !== cb) {
        const swapped = (d[(i - 2) * cols + j - 2] as number) + TRANSPOSITION;
        if (swapped < best) best = swapped;
      }
      d[i * cols + j] = best;
      if (best < rowMin) rowMin = best;
    }
    // A transposition reaches back two rows, so both rows must exceed the limit to stop early.
    if (rowMin > limit && previousRowMin > limit) return Infinity;
    previousRowMin = rowMin;
  }
  return d[rows * cols - 1] as number;
}

const TRANSPOSITION = 0.5;
/** One letter moved two or more places; an adjacent swap is the TRANSPOSITION above. */
const MOVED_LETTER = 1;
const DOUBLED_LETTER = 0.75;
const DIACRITIC = 0.5;
const APOSTROPHE_OR_HYPHEN = 0.5;

/**
 * Cost of the candidate having `chars[index]` where the misspelling has nothing (English). Beside
 * the gaps of `gapCost`, letters writers commonly leave out of a word they know cost half an edit:
 * the "e" of a past tense ("threatend", "capturd"), the "l" of an adverb's "-ly" ("soley"), the
 * "a" of "-ically" ("basicly", whose second "l" is then a doubled letter), the "e" of "-es" after
 * a hissing sound ("churchs"), a "c" after "x", whose sound it repeats ("exelent", "exept"), and
 * the "h" of a digraph ("autor", "lengt").
 */
function insertionCost(chars: readonly string[], index: number, misspellingHasX: boolean): number {
  const gap = gapCost(chars, index);
  return gap > LEFT_OUT_LETTER && isCommonlyLeftOut(chars, index, misspellingHasX) ? LEFT_OUT_LETTER : gap;
}

const LEFT_OUT_LETTER = 0.5;

function isCommonlyLeftOut(chars: readonly string[], index: number, misspellingHasX: boolean): boolean {
  const ch = chars[index];
  const last = chars.length - 1;
  const before = chars[index - 1];
  if (ch === "c") return before === "x" && misspellingHasX;
  // The "h" of a digraph: "autor", "wich", "lenght" written "lengt".
  if (ch === "h") return before !== undefined && "tcswpg".includes(before);
  if (ch === "e" && index === last - 1) {
    // "-ed" after a consonant ("capturd"); "-es" after a hissing sound ("churchs", "boxs").
    if (chars[last] === "d") return before !== undefined && !VOWELS.has(before);
    return chars[last] === "s" && (before === "x" || before === "z" || before === "s" || (before === "h" && "cs".includes(chars[index - 2] ?? "")));
  }
  if (ch === "l") return index === last - 1 && chars[last] === "y" && before !== "l";
  // "basic(al)ly": the "a" and the first "l" of a final "ically".
  if (ch === "a") return index === last - 3 && before === "c" && chars[index - 2] === "i" && chars.slice(index + 1).join("") === "lly";
  return false;
}

/** Cost of inserting or deleting chars[index]: cheaper when it doubles a neighbour (untill, begining). */
function gapCost(chars: readonly string[], index: number): number {
  const ch = chars[index];
  if (ch === "'" || ch === "’" || ch === "-") return APOSTROPHE_OR_HYPHEN;
  if (ch !== undefined && (chars[index - 1] === ch || chars[index + 1] === ch)) return DOUBLED_LETTER;
  return 1;
}

function substitutionCost(x: string, y: string, key: number): number {
  let cost = SUBSTITUTIONS.get(key);
  if (cost === undefined) {
    cost = uncachedSubstitutionCost(x, y);
    SUBSTITUTIONS.set(key, cost);
  }
  return cost;
}

const SUBSTITUTIONS = new Map<number, number>();

function uncachedSubstitutionCost(x: string, y: string): number {
  if (x === y) return 0;
  if (baseLetter(x) === baseLetter(y)) return DIACRITIC;
  // Unstressed vowels sound alike (seperate, definately) and neighbouring keys are hit by mistake.
  if (VOWELS.has(x) && VOWELS.has(y)) return VOWEL_FOR_VOWEL;
  // Letters spelling the same sound (suprize, consept, komputer).
  if (SOUNDS_ALIKE.has(x + y)) return VOWEL_FOR_VOWEL;
  return KEYBOARD_NEIGHBOURS.get(x)?.includes(y) === true ? KEYBOARD_NEIGHBOUR : 1;
}

const VOWEL_FOR_VOWEL = 0.75;
const KEYBOARD_NEIGHBOUR = 0.85;
const VOWELS: ReadonlySet<string> = new Set(Array.from("aeiouyåäö"));
const SOUNDS_ALIKE: ReadonlySet<string> = new Set(["sz", "zs", "cs", "sc", "ck", "kc"]);

/** Horizontal neighbours on a QWERTY (Swedish layout) keyboard. */
/** True when `y` is next to `x` on the keyboard row (a motor slip rather than a spelling choice). */
export function areKeyboardNeighbours(x: string, y: string): boolean {
  return KEYBOARD_NEIGHBOURS.get(x)?.includes(y) === true;
}

const KEYBOARD_NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const rows = ["qwertyuiopå", "asdfghjklöä", "zxcvbnm"];
  const map = new Map<string, string>();
  for (const row of rows) {
    const keys = Array.from(row);
    keys.forEach((key, i) => map.set(key, (keys[i - 1] ?? "") + (keys[i + 1] ?? "")));
  }
  return map;
})();

/** "ö" → "o", "é" → "e": a dropped accent is a keyboard slip, not a different word choice. */
function baseLetter(ch: string): string {
  let base = BASE_LETTERS.get(ch);
  if (base === undefined) {
    base = ch.normalize("NFD").replace(/\p{M}/gu, "");
    BASE_LETTERS.set(ch, base);
  }
  return base;
}

// Normalising is the slowest step of the cost; the alphabet is small, so each letter is done once.
const BASE_LETTERS = new Map<string, string>();

/**
 * True when `b` is `a` with one letter moved two or more places (O(n)): outside the first and
 * last mismatch both agree, and inside it the span is shifted by one with the moved letter at the end.
 *
 * @example isMovedLetter([..."tounge"], [..."tongue"]) // true
 */
export function isMovedLetter(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = a.length - 1;
  while (j > i && a[j] === b[j]) j--;
  if (j - i < 2) return false;
  return shiftedLeft(a, b, i, j) || shiftedLeft(b, a, i, j);
}

/** `x[i]` moved to position `j` gives `y` on the span i..j. */
function shiftedLeft(x: readonly string[], y: readonly string[], i: number, j: number): boolean {
  if (x[i] !== y[j]) return false;
  for (let k = i; k < j; k++) if (x[k + 1] !== y[k]) return false;
  return true;
}
