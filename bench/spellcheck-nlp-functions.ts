// Bare spellcheck + NLP function time over a batch of ~400-word essays, in one process, plus the
// one-off dictionary load. The pipeline benchmark divides its wall time by these figures.
// Run: bun bench/spellcheck-nlp-functions.ts [essays=200]
import { computeTextMetrics } from "../services/nlp/src/domain/text-metrics.ts";
import { correctText } from "../services/spellchecker/src/domain/correct-text.ts";
import { loadSpeller } from "../services/spellchecker/src/domain/dictionaries.ts";
import type { SpellLanguage } from "../services/spellchecker/src/domain/speller.ts";

const FIXTURES = new URL("../services/spellchecker/test/fixtures/", import.meta.url);

/**
 * `count` distinct essays of about 400 words in `language`: the fixture essay with its
 * paragraphs rotated, so no two texts are identical.
 */
export async function benchmarkEssays(language: SpellLanguage, count: number): Promise<string[]> {
  const text = await Bun.file(new URL(`essay-${language}.txt`, FIXTURES)).text();
  const paragraphs = text.trim().split(/\n\n+/);
  return Array.from({ length: count }, (_, i) => {
    const k = i % paragraphs.length;
    return [...paragraphs.slice(k), ...paragraphs.slice(0, k)].join("\n\n") + `\n\nEssay ${i + 1}.`;
  });
}

export interface FunctionTimings {
  readonly essays: number;
  readonly spellcheckMs: number;
  readonly nlpMs: number;
  readonly totalMs: number;
  readonly corrections: number;
}

/** Spellcheck then metrics of the corrected text, per essay, as the pipeline does it. */
export async function timeSpellcheckAndNlp(language: SpellLanguage, essays: readonly string[]): Promise<FunctionTimings> {
  const speller = await loadSpeller(language);
  let spellcheckMs = 0;
  let nlpMs = 0;
  let corrections = 0;
  for (const essay of essays) {
    const t0 = performance.now();
    const corrected = correctText(essay, speller);
    const t1 = performance.now();
    computeTextMetrics(corrected.correctedText, language);
    const t2 = performance.now();
    spellcheckMs += t1 - t0;
    nlpMs += t2 - t1;
    corrections += corrected.correctionCount;
  }
  return { essays: essays.length, spellcheckMs, nlpMs, totalMs: spellcheckMs + nlpMs, corrections };
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 200);
  for (const language of ["en", "sv"] as const) {
    const t0 = performance.now();
    await loadSpeller(language);
    console.log(`${language}: dictionary load ${(performance.now() - t0).toFixed(0)} ms (once per process)`);
  }
  for (const language of ["en", "sv"] as const) {
    const essays = await benchmarkEssays(language, count);
    const words = essays.reduce((n, e) => n + e.split(/\s+/).length, 0) / essays.length;
    // The first essay pays for JIT warm-up; reported apart, then the whole batch is timed.
    const cold = await timeSpellcheckAndNlp(language, essays.slice(0, 1));
    const r = await timeSpellcheckAndNlp(language, essays);
    console.log(
      `${language}: ${r.essays} essays of ~${words.toFixed(0)} words — spellcheck ${r.spellcheckMs.toFixed(0)} ms `
      + `(${(r.spellcheckMs / r.essays).toFixed(2)} ms/essay, first essay ${cold.spellcheckMs.toFixed(1)} ms), `
      + `nlp ${r.nlpMs.toFixed(0)} ms (${(r.nlpMs / r.essays).toFixed(2)} ms/essay), `
      + `total ${r.totalMs.toFixed(0)} ms, ${r.corrections} corrections`,
    );
  }
}
