import { spellingEditCost } from "./edit-cost.ts";

export interface ReplacementPolicy {
  /** Whether a capitalised dictionary form ("Stockholm") may replace a lowercase word. */
  readonly allowProperNouns: boolean;
  /** True for a word the dictionary accepts in lowercase. */
  readonly isCommonWord: (candidate: string) => boolean;
}

/** A candidate must beat the runner-up by this much to count as the one confident choice. */
const REQUIRED_LEAD = 0.5;
/** Changing the first letter is a rarer error than the others, so it costs extra. */
const FIRST_LETTER_PENALTY = 1;

/**
 * Picks the replacement for a lowercase misspelling from dictionary suggestions, or null when
 * no candidate is both close enough and clearly better than the rest.
 *
 * @example chooseReplacement("teh", ["ten", "the", "tea"], policy) // "the" (a swap beats a substitution)
 */
export function chooseReplacement(
  misspelling: string,
  suggestions: readonly string[],
  policy: ReplacementPolicy,
): string | null {
  const scored: Array<{ candidate: string; cost: number }> = [];
  for (const candidate of suggestions) {
    if (!isWordShaped(candidate)) continue;
    const caseOnly = candidate.toLocaleLowerCase() === misspelling;
    const properNoun = candidate !== candidate.toLocaleLowerCase();
    if (properNoun && !(caseOnly && policy.allowProperNouns)) continue;
    if (!properNoun && !policy.isCommonWord(candidate)) continue;
    scored.push({ candidate, cost: candidateCost(misspelling, candidate) });
  }
  scored.sort((a, b) => a.cost - b.cost);
  const [best, runnerUp] = scored;
  if (best === undefined || best.cost > maxCost(misspelling)) return null;
  if (runnerUp !== undefined && runnerUp.cost - best.cost < REQUIRED_LEAD) return null;
  return best.candidate;
}

function candidateCost(misspelling: string, candidate: string): number {
  const cost = spellingEditCost(misspelling, candidate);
  const [m0, m1] = Array.from(misspelling);
  const [c0, c1] = Array.from(candidate.toLocaleLowerCase());
  const swappedStart = m0 === c1 && m1 === c0;
  return m0 === c0 || swappedStart ? cost : cost + FIRST_LETTER_PENALTY;
}

/** Longer words tolerate more edits before a suggestion stops being evidently the same word. */
function maxCost(misspelling: string): number {
  const length = Array.from(misspelling).length;
  if (length <= 7) return 1;
  if (length <= 11) return 1.5;
  return 2;
}

/** Drops multi-word suggestions and Hunspell's compound stubs such as "veck-". */
function isWordShaped(candidate: string): boolean {
  return /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*$/u.test(candidate);
}
