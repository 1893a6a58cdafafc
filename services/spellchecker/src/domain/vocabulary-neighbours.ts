import { spellingEditCost } from "./edit-cost.ts";

/** Frequent words grouped by first letter and length, to find those a few edits from a misspelling. */
export interface VocabularyIndex {
  readonly byStart: ReadonlyMap<string, ReadonlyMap<number, Bucket>>;
}

interface Bucket {
  readonly words: string[];
  /** Which letters each word has (one bit per letter, folded to 32): a cheap first filter. */
  readonly masks: number[];
}

/**
 * Indexes `words` (lowercase) for `neighboursWithin`. Grouping by first letter keeps the search
 * to a few thousand words: a changed first letter is rare, and one-edit candidates with a
 * changed first letter are generated from the dictionary anyway.
 */
export function buildVocabularyIndex(words: Iterable<string>): VocabularyIndex {
  const byStart = new Map<string, Map<number, Bucket>>();
  for (const word of words) {
    const chars = Array.from(word);
    const first = chars[0];
    if (first === undefined) continue;
    const byLength = byStart.get(first) ?? new Map<number, Bucket>();
    const bucket = byLength.get(chars.length) ?? { words: [], masks: [] };
    bucket.words.push(word);
    bucket.masks.push(letterMask(word));
    byLength.set(chars.length, bucket);
    byStart.set(first, byLength);
  }
  return { byStart };
}

/**
 * Vocabulary words sharing the misspelling's first letter whose edit cost is at most `maxCost`.
 *
 * @example neighboursWithin(index, "accomadation", 2) // ["accommodation", ...]
 */
export function neighboursWithin(index: VocabularyIndex, misspelling: string, maxCost: number): string[] {
  const chars = Array.from(misspelling);
  const byLength = index.byStart.get(chars[0] ?? "");
  if (byLength === undefined) return [];
  const out: string[] = [];
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
      if (spellingEditCost(misspelling, word, maxCost) <= maxCost) out.push(word);
    }
  }
  return out;
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
