import type { Language } from "@shared/contracts/enums.ts";
import type { HarperCounter } from "@shared/text-analysis/harper-grammar.ts";
import { createOffThreadHarperCounter } from "@shared/text-analysis/harper-off-thread.ts";

let english: HarperCounter | undefined;

/**
 * Harper's findings per category for the local judge, one linter per process on a worker thread
 * (it would block the service's event loop); English only, as
 * there is no offline Swedish grammar checker (undefined for Swedish).
 * @example (await grammarCounterFor("en")?.(text))?.grammar
 */
export function grammarCounterFor(language: Language): HarperCounter | undefined {
  if (language !== "en") return undefined;
  english ??= createOffThreadHarperCounter();
  return english;
}
