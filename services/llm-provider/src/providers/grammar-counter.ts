import type { Language } from "@shared/contracts/enums.ts";
import { createHarperCounter, type HarperCounter } from "@shared/text-analysis/harper-grammar.ts";

let english: HarperCounter | undefined;

/**
 * Harper's findings per category for the local judge, one linter per process; English only, as
 * there is no offline Swedish grammar checker (undefined for Swedish).
 * @example (await grammarCounterFor("en")?.(text))?.grammar
 */
export function grammarCounterFor(language: Language): HarperCounter | undefined {
  if (language !== "en") return undefined;
  english ??= createHarperCounter();
  return english;
}
