import { zipfTableFor } from "@shared/text-analysis/word-frequency.ts";
import { buildSpeller, type HunspellDictionary, type Speller, type SpellLanguage } from "./speller.ts";

/** The one I/O step of spelling: read the dictionary and frequency packages, once per language and process. */
const cache = new Map<SpellLanguage, Promise<Speller>>();

/**
 * The process-wide speller for `language`, loaded on first use.
 *
 * @example const speller = await loadSpeller("sv");
 */
export function loadSpeller(language: SpellLanguage): Promise<Speller> {
  let pending = cache.get(language);
  if (pending === undefined) {
    pending = Promise.all([readDictionary(language), zipfTableFor(language)])
      .then(([dictionary, frequencies]) => buildSpeller(language, dictionary, frequencies));
    // A failed load must not poison the cache; the next call retries.
    pending.catch(() => cache.delete(language));
    cache.set(language, pending);
  }
  return pending;
}

async function readDictionary(language: SpellLanguage): Promise<HunspellDictionary> {
  const module = language === "en" ? await import("dictionary-en") : await import("dictionary-sv");
  return module.default;
}
