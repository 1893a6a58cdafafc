import type { Language } from "@shared/contracts/enums.ts";
import type { SpellingCheck } from "@shared/text-analysis/essay-profile.ts";
import { loadHunspellCheck } from "@shared/text-analysis/hunspell-check.ts";

const MIN_PART_LETTERS = 4;
const MIN_COMPOUND_LETTERS = 8;

/**
 * The spellchecker's own check (shared/text-analysis/hunspell-check.ts: Hunspell without the
 * compound-only homonyms, British forms, Swedish compounds), loaded once per process. For English
 * the judge also accepts closed compounds of two known words ("wellbeing"): counting them as errors
 * would punish a writer for a spelling the dictionary merely lacks.
 * @example const isCorrect = await spellingCheckFor("en"); isCorrect("colour") // true
 */
export async function spellingCheckFor(language: Language): Promise<SpellingCheck> {
  const { isCorrect } = await loadHunspellCheck(language);
  if (language === "sv") return isCorrect;
  const compound = (word: string) => {
    for (let cut = MIN_PART_LETTERS; cut <= word.length - MIN_PART_LETTERS; cut++) {
      if (isCorrect(word.slice(0, cut)) && isCorrect(word.slice(cut))) return true;
    }
    return false;
  };
  return (word) => isCorrect(word) || (word.length >= MIN_COMPOUND_LETTERS && compound(word.toLowerCase()));
}
