import type { Language } from "@shared/contracts/enums.ts";
import type { TextResources } from "@shared/text-analysis/essay-profile.ts";
import { taggerFor } from "@shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor } from "@shared/text-analysis/word-frequency.ts";
import { spellingCheckFor } from "./spelling-dictionaries.ts";

/**
 * What `measureEssay` needs for the feedback writer, loaded once per process per language (the
 * writer's own adapter, so it does not depend on the judge's loader).
 * @example measureEssay(text, "sv", await feedbackTextResources("sv"))
 */
export async function feedbackTextResources(language: Language): Promise<TextResources> {
  const [isSpelledCorrectly, zipf, tagger] = await Promise.all([spellingCheckFor(language), zipfLookupFor(language), taggerFor(language)]);
  return { isSpelledCorrectly, zipf, tagger };
}
