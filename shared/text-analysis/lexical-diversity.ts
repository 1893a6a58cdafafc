/** The TTR at which an MTLD factor is complete (McCarthy & Jarvis 2010). */
export const MTLD_THRESHOLD = 0.72;

/**
 * Distinct types over tokens; null for no tokens.
 *
 * @example typeTokenRatio(["a", "b", "a"]) // 0.666…
 */
export function typeTokenRatio(types: readonly string[]): number | null {
  return types.length === 0 ? null : new Set(types).size / types.length;
}

/**
 * MTLD, the mean length of word runs that keep their type-token ratio above the threshold,
 * averaged over a forward and a backward pass. Null when it is undefined: no words, or no run
 * ever falls to the threshold and the text has no repeated word (the length would be infinite).
 *
 * @example measureOfTextualLexicalDiversity("the cat saw the dog and the cat ran".split(" "))
 */
export function measureOfTextualLexicalDiversity(
  types: readonly string[],
  threshold: number = MTLD_THRESHOLD,
): number | null {
  const forward = mtldFactors(types, threshold);
  const backward = mtldFactors([...types].reverse(), threshold);
  if (forward === 0 || backward === 0) return null;
  return (types.length / forward + types.length / backward) / 2;
}

/** Completed factors plus the partial factor of the remainder, for one reading direction. */
function mtldFactors(types: readonly string[], threshold: number): number {
  let factors = 0;
  let seen = new Set<string>();
  let tokens = 0;
  let ttr = 1;
  for (const type of types) {
    tokens += 1;
    seen.add(type);
    ttr = seen.size / tokens;
    if (ttr <= threshold) {
      factors += 1;
      seen = new Set();
      tokens = 0;
      ttr = 1;
    }
  }
  // The unfinished run counts as the fraction of the way its TTR has fallen toward the threshold.
  return factors + (1 - ttr) / (1 - threshold);
}

/** The sample size of HD-D (McCarthy & Jarvis 2007). */
export const HDD_SAMPLE = 42;

/**
 * HD-D: the expected type-token ratio of a random 42-token sample of the text, from the
 * hypergeometric distribution (each type contributes the chance it appears in the sample, over
 * 42). Null for texts shorter than the sample.
 *
 * @example hypergeometricDiversity(Array.from({ length: 42 }, (_, i) => `w${i}`)) // 1
 */
export function hypergeometricDiversity(types: readonly string[], sample: number = HDD_SAMPLE): number | null {
  const n = types.length;
  if (n < sample) return null;
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  let expectedTypes = 0;
  for (const count of counts.values()) expectedTypes += 1 - probabilityAbsent(n, count, sample);
  return expectedTypes / sample;
}

/** P(a type occurring `count` times in `n` tokens is absent from a sample of `sample`): C(n−count, s)/C(n, s). */
function probabilityAbsent(n: number, count: number, sample: number): number {
  if (n - count < sample) return 0;
  // Product form avoids huge binomials: Π_{i<sample} (n − count − i) / (n − i).
  let p = 1;
  for (let i = 0; i < sample; i++) p *= (n - count - i) / (n - i);
  return p;
}
