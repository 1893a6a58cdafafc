// Child of bench/single-process-footprint.ts: load ONE language resource in a fresh Bun process
// and print its memory cost as JSON (RSS and JS heap after a full GC, before vs after).
// Run: bun bench/support/resource-footprint.ts <resource>
import { heapStats } from "bun:jsc";

const HARPER_WARM_UP = "When the students arrived at school, they discussed a idea that their teacher had suggested. However, not everyone agreed , and some of them thinks the plan was to complicated.";

export const RESOURCES: Record<string, () => Promise<unknown>> = {
  "hunspell en (nspell + British forms)": async () => (await import("../../shared/text-analysis/hunspell-check.ts")).loadHunspellCheck("en"),
  "hunspell sv (nspell + compound lexicon)": async () => (await import("../../shared/text-analysis/hunspell-check.ts")).loadHunspellCheck("sv"),
  "SUBTLEX zipf table en": async () => (await import("../../shared/text-analysis/word-frequency.ts")).zipfTableFor("en"),
  "wink-nlp tagger en": async () => (await import("../../shared/text-analysis/part-of-speech.ts")).taggerFor("en"),
  "spellchecker speller en (hunspell + zipf + vocabulary)": async () => (await import("../../services/spellchecker/src/domain/dictionaries.ts")).loadSpeller("en"),
  "spellchecker speller sv": async () => (await import("../../services/spellchecker/src/domain/dictionaries.ts")).loadSpeller("sv"),
  "spellchecker both spellers (what the service warms)": async () => {
    const { loadSpeller } = await import("../../services/spellchecker/src/domain/dictionaries.ts");
    return Promise.all([loadSpeller("en"), loadSpeller("sv")]);
  },
  "Harper (nlp checker, warmed)": async () => (await import("../../services/nlp/src/grammar/harper-checker.ts")).createHarperChecker().check(HARPER_WARM_UP, "en"),
};

function sample() {
  Bun.gc(true);
  const stats = heapStats();
  return { rss: process.memoryUsage().rss / 2 ** 20, heap: (stats.heapSize + stats.extraMemorySize) / 2 ** 20 };
}

if (import.meta.main) {
  const name = process.argv[2] ?? "";
  const load = RESOURCES[name];
  if (!load) throw new Error(`unknown resource ${name}; one of: ${Object.keys(RESOURCES).join(" | ")}`);
  const before = sample();
  const t0 = performance.now();
  const kept = await load();
  const ms = performance.now() - t0;
  const after = sample();
  console.log(JSON.stringify({ name, rssMb: after.rss - before.rss, heapMb: after.heap - before.heap, ms, kept: kept !== undefined }));
  process.exit(0);
}
