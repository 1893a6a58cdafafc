// Bare spellcheck + NLP function time over a batch of ~400-word essays, in one process, plus the
// one-off dictionary load. The pipeline benchmark divides its wall time by these figures.
// Run: bun bench/spellcheck-nlp-functions.ts [essays=200]
import { loadHunspellCheck } from "../shared/text-analysis/hunspell-check.ts";
import { taggerFor } from "../shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor } from "../shared/text-analysis/word-frequency.ts";
import { summariseIssues } from "../services/nlp/src/domain/grammar-issues.ts";
import { computeTextMetrics } from "../services/nlp/src/domain/text-metrics.ts";
import { createHarperChecker } from "../services/nlp/src/grammar/harper-checker.ts";
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

export interface HandlerWorkTimings extends FunctionTimings {
  /** Harper's check of each text (the nlp handler runs it before the metrics). */
  readonly grammarMs: number;
}

/**
 * The compute the two handlers really do, without their I/O: correctText, then Harper's grammar
 * check and computeTextMetrics WITH the resources the nlp handler passes (frequency list, tagger,
 * Hunspell, grammar). `timeSpellcheckAndNlp` leaves the resources and Harper out.
 */
export async function timeHandlerWork(language: SpellLanguage, essays: readonly string[]): Promise<HandlerWorkTimings> {
  const speller = await loadSpeller(language);
  const [zipf, tagger, hunspell] = await Promise.all([zipfLookupFor(language), taggerFor(language), loadHunspellCheck(language)]);
  const harper = language === "en" ? createHarperChecker() : undefined;
  let spellcheckMs = 0;
  let grammarMs = 0;
  let nlpMs = 0;
  let corrections = 0;
  for (const essay of essays) {
    const t0 = performance.now();
    const corrected = correctText(essay, speller);
    const t1 = performance.now();
    const grammar = harper ? summariseIssues(language, "harper", await harper.check(corrected.correctedText, language)) : undefined;
    const t2 = performance.now();
    computeTextMetrics(corrected.correctedText, language, { zipf, tagger, grammar, isSpelledCorrectly: hunspell.isCorrect });
    const t3 = performance.now();
    spellcheckMs += t1 - t0;
    grammarMs += t2 - t1;
    nlpMs += t3 - t2;
    corrections += corrected.correctionCount;
  }
  return { essays: essays.length, spellcheckMs, grammarMs, nlpMs, totalMs: spellcheckMs + grammarMs + nlpMs, corrections };
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
