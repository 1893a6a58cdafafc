import type { BatchNorms } from "../contracts/feedback.ts";

/**
 * The essay signals a batch can be normed on: what the NLP phase measures and the spellchecker
 * counts for every essay, so ai-feedback (which sees the whole batch) and the feedback writer (which
 * sees one essay) compute them the same way.
 */
export const BATCH_SIGNALS = [
  "log_words", "words_per_paragraph", "mtld", "hdd", "mean_zipf", "rare_word_share", "long_word_share",
  "mean_sentence_length", "subordinators_per_sentence", "connectives_per_sentence", "adjacent_sentence_overlap",
  "lexical_density", "grammar_issues_per_100_words", "spelling_corrections_per_100_words",
  "issues_grammar_per_100_words", "issues_punctuation_per_100_words", "issues_typography_per_100_words",
] as const;
export type BatchSignal = (typeof BATCH_SIGNALS)[number];

const PASSED_THROUGH = [
  "mtld", "hdd", "mean_zipf", "rare_word_share", "long_word_share", "mean_sentence_length", "subordinators_per_sentence",
  "connectives_per_sentence", "adjacent_sentence_overlap", "lexical_density", "grammar_issues_per_100_words",
  "issues_grammar_per_100_words", "issues_punctuation_per_100_words", "issues_typography_per_100_words",
] as const satisfies readonly BatchSignal[];

/**
 * One essay's batch signals from its NLP metrics and spelling-correction count; a signal whose input
 * is missing is left out.
 * @example batchSignalsOf({ word_count: 200, paragraph_count: 4 }, 6).spelling_corrections_per_100_words // 3
 */
export function batchSignalsOf(metrics: Readonly<Record<string, number>>, correctionCount: number | null): Partial<Record<BatchSignal, number>> {
  const signals: Partial<Record<BatchSignal, number>> = {};
  const words = metrics.word_count;
  if (words !== undefined && words > 0) {
    signals.log_words = Math.log(words);
    if (metrics.paragraph_count !== undefined && metrics.paragraph_count > 0) signals.words_per_paragraph = words / metrics.paragraph_count;
    if (correctionCount !== null) signals.spelling_corrections_per_100_words = (100 * correctionCount) / words;
  }
  for (const name of PASSED_THROUGH) {
    const value = metrics[name];
    if (value !== undefined && Number.isFinite(value)) signals[name] = value;
  }
  return signals;
}

/**
 * Mean and standard deviation of each signal over the essays that have it (two essays at least).
 * @example batchNormsOf([{ mtld: 40 }, { mtld: 60 }]).mtld // { mean: 50, sd: 10, n: 2 }
 */
export function batchNormsOf(essays: ReadonlyArray<Readonly<Record<string, number>>>): BatchNorms {
  const values = new Map<string, number[]>();
  for (const essay of essays) {
    for (const [name, value] of Object.entries(essay)) {
      if (!Number.isFinite(value)) continue;
      const list = values.get(name) ?? [];
      list.push(value);
      values.set(name, list);
    }
  }
  const norms: BatchNorms = {};
  for (const [name, list] of values) {
    if (list.length < 2) continue;
    const mean = list.reduce((s, x) => s + x, 0) / list.length;
    const sd = Math.sqrt(list.reduce((s, x) => s + (x - mean) ** 2, 0) / list.length);
    norms[name] = { mean, sd, n: list.length };
  }
  return norms;
}
