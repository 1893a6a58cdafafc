/**
 * Flesch reading ease (English): higher is easier; 60–70 is plain English, below 30 is very hard.
 * 206.835 − 1.015 × words per sentence − 84.6 × syllables per word.
 *
 * @example fleschReadingEase({ words: 6, sentences: 1, syllables: 6 }) // 116.145
 */
export function fleschReadingEase(counts: { words: number; sentences: number; syllables: number }): number | null {
  if (counts.words === 0 || counts.sentences === 0) return null;
  return 206.835 - 1.015 * (counts.words / counts.sentences) - 84.6 * (counts.syllables / counts.words);
}

/**
 * LIX (läsbarhetsindex, Björnsson): words per sentence plus the percentage of words longer than
 * six letters; below 30 is very easy, above 60 very hard.
 *
 * @example lix({ words: 10, sentences: 2, longWords: 3 }) // 35
 */
export function lix(counts: { words: number; sentences: number; longWords: number }): number | null {
  if (counts.words === 0 || counts.sentences === 0) return null;
  return counts.words / counts.sentences + (100 * counts.longWords) / counts.words;
}
