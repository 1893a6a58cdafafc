import type { Language } from "@shared/contracts/enums.ts";
import type { TextResources } from "@shared/text-analysis/essay-profile.ts";
import { taggerFor } from "@shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor } from "@shared/text-analysis/word-frequency.ts";
import { spellingCheckFor } from "./spelling-dictionaries.ts";

/**
 * Dictionary, frequency list and tagger for a language, each loaded once per process.
 * @example measureEssay(text, "en", await loadTextResources("en"))
 */
export async function loadTextResources(language: Language): Promise<TextResources> {
  const [isSpelledCorrectly, zipf, tagger] = await Promise.all([
    spellingCheckFor(language),
    zipfLookupFor(language),
    taggerFor(language),
  ]);
  return { isSpelledCorrectly, zipf, tagger };
}
