import { spellingEditCost, type EditLanguage } from "./edit-cost.ts";

/** Frequent words grouped by first letter and length, to find those a few edits from a misspelling. */
export interface VocabularyIndex {
  readonly byStart: ReadonlyMap<string, ReadonlyMap<number, Bucket>>;
  /** The same words by their first two letters, for misspellings that swap them ("hwihc"). */
  readonly byPair: ReadonlyMap<string, ReadonlyMap<number, Bucket>>;
  /** Whose spelling patterns the edit cost uses. */
  readonly language: EditLanguage;
}

interface Bucket {
  /** Lowercase spellings, compared with the misspelling. */
  readonly words: string[];
  /** The dictionary's form of each ("paris" is "Paris"). */
  readonly forms: string[];
  /** Which letters each word has (one bit per letter, folded to 32): a cheap first filter. */
  readonly masks: number[];
}

/**
 * Indexes `words` (lowercase) for `neighboursWithin`. Grouping by first letter keeps the search
 * to a few thousand words: a changed first letter is rare, and one-edit candidates with a
 * changed first letter are generated from the dictionary anyway.
 */
export function buildVocabularyIndex(words: Iterable<string>, language: EditLanguage = "en"): VocabularyIndex {
  const byStart = new Map<string, Map<number, Bucket>>();
  const byPair = new Map<string, Map<number, Bucket>>();
  for (const form of words) {
    const word = form.toLocaleLowerCase();
    const chars = Array.from(word);
    const [first, second] = chars;
    if (first === undefined) continue;
    addTo(byStart, first, chars.length, word, form);
    if (second !== undefined) addTo(byPair, first + second, chars.length, word, form);
  }
  return { byStart, byPair, language };
}

function addTo(groups: Map<string, Map<number, Bucket>>, key: string, length: number, word: string, form: string): void {
  const byLength = groups.get(key) ?? new Map<number, Bucket>();
  const bucket = byLength.get(length) ?? { words: [], forms: [], masks: [] };
  bucket.words.push(word);
  bucket.forms.push(form);
  bucket.masks.push(letterMask(word));
  byLength.set(length, bucket);
  groups.set(key, byLength);
}

/**
 * Vocabulary words (in the dictionary's form) whose edit cost from the misspelling is at most
 * `maxCost`: those sharing its first letter, and those starting with its first two letters swapped.
 *
 * @example neighboursWithin(index, "accomadation", 2) // ["accommodation", ...]
 * @example neighboursWithin(index, "hwihc", 1.5) // ["which"]
 */
export function neighboursWithin(index: VocabularyIndex, misspelling: string, maxCost: number): string[] {
  const chars = Array.from(misspelling);
  const [first = "", second = ""] = chars;
  const out: string[] = [];
  scan(index.byStart.get(first), chars, misspelling, maxCost, index.language, out);
  if (second !== first) scan(index.byPair.get(second + first), chars, misspelling, maxCost, index.language, out);
  return out;
}

function scan(
  byLength: ReadonlyMap<number, Bucket> | undefined,
  chars: readonly string[],
  misspelling: string,
  maxCost: number,
  language: EditLanguage,
  out: string[],
): void {
  if (byLength === undefined) return;
  // A letter gap costs at least 0.75 (a doubled letter); any edit at least 0.5 and it changes at
  // most two letter kinds.
  const lengthReach = Math.floor(maxCost / 0.75);
  const bitReach = 2 * Math.floor(maxCost / 0.5);
  const mask = letterMask(misspelling);
  for (let length = chars.length - lengthReach; length <= chars.length + lengthReach; length++) {
    const bucket = byLength.get(length);
    if (bucket === undefined) continue;
    for (let i = 0; i < bucket.words.length; i++) {
      // Each edit adds or removes at most one letter kind on each side.
      if (bitCount(mask ^ (bucket.masks[i] ?? 0)) > bitReach) continue;
      const word = bucket.words[i] as string;
      if (spellingEditCost(misspelling, word, maxCost, language) <= maxCost) out.push(bucket.forms[i] as string);
    }
  }
}

function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (word.charCodeAt(i) % 32);
  return mask;
}

function bitCount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
