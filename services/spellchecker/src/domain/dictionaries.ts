import { zipfTableFor } from "@shared/text-analysis/word-frequency.ts";
import { loadHunspellCheck } from "@shared/text-analysis/hunspell-check.ts";
import { buildSpeller, type Speller, type SpellLanguage } from "./speller.ts";

/** The one I/O step of spelling: the shared Hunspell check and the frequency list, once per language and process. */
const cache = new Map<SpellLanguage, Promise<Speller>>();

/**
 * The process-wide speller for `language`, loaded on first use.
 *
 * @example const speller = await loadSpeller("sv");
 */
export function loadSpeller(language: SpellLanguage): Promise<Speller> {
  let pending = cache.get(language);
  if (pending === undefined) {
    pending = Promise.all([loadHunspellCheck(language), zipfTableFor(language)])
      .then(([check, frequencies]) => buildSpeller(language, check, frequencies));
    // A failed load must not poison the cache; the next call retries.
    pending.catch(() => cache.delete(language));
    cache.set(language, pending);
  }
  return pending;
}
