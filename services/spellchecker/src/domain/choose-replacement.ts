import { areKeyboardNeighbours, spellingEditCost, type EditLanguage } from "./edit-cost.ts";
import type { WordPrior } from "./word-prior.ts";

export interface ReplacementPolicy {
  /** Whether a capitalised dictionary form ("Stockholm") may replace a lowercase word. */
  readonly allowProperNouns: boolean;
  /** True for a word the dictionary accepts in lowercase. */
  readonly isCommonWord: (candidate: string) => boolean;
  /** How common a candidate is (Zipf); without one, edit cost alone ranks (and reach stays one edit). */
  readonly prior?: WordPrior | undefined;
  /** Evidence for a candidate from the words around the misspelling, in Zipf units (0 for none). */
  readonly context?: ((candidate: string) => number) | undefined;
  /** Whose spelling patterns the edit cost uses (English when absent). */
  readonly language?: EditLanguage | undefined;
}

/** A candidate must beat the runner-up by this much edit cost to count as the one confident choice. */
const REQUIRED_LEAD = 0.5;
/** The lead in Zipf units when a frequency prior ranks the candidates (tuned on the development sets). */
const REQUIRED_SCORE_LEAD = 0.3;
/** Zipf units one unit of edit cost is worth: an extra edit must be paid for by a much commoner word. */
const COST_WEIGHT = 2.5;
/** Zipf units lost by a candidate that drops or changes an inflectional ending the writer wrote. */
const ENDING_MISMATCH = 1.5;
/** Changing the first letter is a rarer error than the others, so it costs extra. */
const FIRST_LETTER_PENALTY = 1;
/** A correction two edits away is trusted only for a word at least this common. */
const FAR_CANDIDATE_MIN_ZIPF = 2;

/**
 * Picks the replacement for a lowercase misspelling from dictionary suggestions, or null when
 * no candidate is both close enough and clearly better than the rest. With a frequency prior a
 * candidate's score is its Zipf value minus 2.5 per unit of edit cost (a noisy-channel model
 * in log10 units), plus any context evidence.
 *
 * @example chooseReplacement("teh", ["ten", "the", "tea"], policy) // "the" (a swap beats a substitution)
 */
export function chooseReplacement(
  misspelling: string,
  suggestions: readonly string[],
  policy: ReplacementPolicy,
): string | null {
  const reach = maxCost(misspelling, policy.prior !== undefined);
  const [best, runnerUp] = rankCandidates(misspelling, suggestions, policy);
  if (best === undefined || best.cost > reach) return null;
  if (best.cost > 1 && policy.prior !== undefined && best.zipf < FAR_CANDIDATE_MIN_ZIPF) return null;
  const lead = policy.prior === undefined ? COST_WEIGHT * REQUIRED_LEAD : REQUIRED_SCORE_LEAD;
  if (runnerUp !== undefined && best.score - runnerUp.score < lead) return null;
  return best.candidate;
}

export interface RankedCandidate {
  readonly candidate: string;
  /** Weighted edit cost from the misspelling, with the first-letter penalty. */
  readonly cost: number;
  /** Higher is likelier: prior and context minus the weighted cost and ending penalties. */
  readonly score: number;
  readonly zipf: number;
}

/** The qualifying candidates within reach (plus a little, as rivals), best first. */
export function rankCandidates(
  misspelling: string,
  suggestions: readonly string[],
  policy: ReplacementPolicy,
): RankedCandidate[] {
  const scored: RankedCandidate[] = [];
  const reach = maxCost(misspelling, policy.prior !== undefined);
  for (const candidate of suggestions) {
    if (!isWordShaped(candidate)) continue;
    const caseOnly = candidate.toLocaleLowerCase() === misspelling;
    const properNoun = candidate !== candidate.toLocaleLowerCase();
    // With a prior, a frequent name may replace a lowercase misspelling ("britian" → "Britain").
    if (properNoun && !(policy.allowProperNouns && (caseOnly || policy.prior !== undefined))) continue;
    if (!properNoun && !policy.isCommonWord(candidate)) continue;
    const cost = candidateCost(misspelling, candidate, policy.language ?? "en");
    // Candidates a little beyond reach still count as rivals that make the choice ambiguous.
    if (cost > reach + REQUIRED_LEAD) continue;
    const zipf = policy.prior?.(candidate.toLocaleLowerCase()) ?? 0;
    const score = policy.prior === undefined
      ? -COST_WEIGHT * cost
      : zipf + (policy.context?.(candidate) ?? 0) - COST_WEIGHT * cost - endingPenalty(misspelling, candidate)
        - lastLetterPenalty(misspelling, candidate) + (keepsAllLetters(misspelling, candidate) ? OMISSION_BONUS : 0);
    scored.push({ candidate, cost, score, zipf });
  }
  return scored.sort((a, b) => b.score - a.score);
}

function candidateCost(misspelling: string, candidate: string, language: EditLanguage): number {
  const cost = spellingEditCost(misspelling, candidate, Infinity, language);
  const [m0, m1, m2] = Array.from(misspelling);
  const [c0, c1, c2] = Array.from(candidate.toLocaleLowerCase());
  // "hte" → "the" swaps the first two letters; "aparent" → "parent" drops the first one (its
  // third letter repeats the first, so the rest lines up one place off).
  const swappedStart = m0 === c1 && m1 === c0 && (m2 !== m0 || m2 === c2);
  if (m0 === c0 || swappedStart) return cost;
  // A neighbouring key hit for the first letter ("vetween") is a slip like any other; a first
  // letter spelled differently is the rare error the penalty is for.
  return m0 !== undefined && c0 !== undefined && m1 === c1 && areKeyboardNeighbours(m0, c0) ? cost + FIRST_KEY_SLIP_PENALTY : cost + FIRST_LETTER_PENALTY;
}

const FIRST_KEY_SLIP_PENALTY = 0.5;

/**
 * Writers get the last letter of a word right about as reliably as the first: a candidate that
 * drops or changes it ("broady" → "broad", "mamal" → "mama") ranks lower. Adding or dropping a
 * silent final "e" ("tast" → "taste") or a final double ("excell" → "excel") keeps the ending, and so
 * does typing the last letters in another order ("dreasm" → "dreams").
 */
export function lastLetterPenalty(misspelling: string, candidate: string): number {
  const lower = candidate.toLocaleLowerCase();
  const m = Array.from(misspelling);
  const c = Array.from(lower);
  const mLast = m[m.length - 1];
  const cLast = c[c.length - 1];
  if (mLast === cLast) return 0;
  // The last letters typed in another order ("dreasm", "yatch") are a slip, not a new ending.
  if (m.slice(-3).includes(cLast ?? "") && c.slice(-3).includes(mLast ?? "")) return 0;
  const shorter = c.length < m.length ? c : m;
  const longer = c.length < m.length ? m : c;
  if (longer.length === shorter.length + 1 && longer.slice(0, -1).join("") === shorter.join("")) {
    const extra = longer[longer.length - 1];
    if (extra === "e" || extra === shorter[shorter.length - 1]) return 0;
  }
  return LAST_LETTER_PENALTY;
}

/**
 * Leaving a letter out is the commonest single error (a double written single: "shiped", "mamal"),
 * so of two equally priced candidates the one that only adds letters, keeping every letter the
 * writer typed in order, is the likelier.
 */
export function keepsAllLetters(misspelling: string, candidate: string): boolean {
  const lower = candidate.toLocaleLowerCase();
  if (lower.length <= misspelling.length) return false;
  let i = 0;
  for (const ch of lower) if (ch === misspelling[i]) i++;
  return i === misspelling.length;
}

/** Zipf units gained by a candidate that keeps all the misspelling's letters. */
const OMISSION_BONUS = 0.4;

/** Zipf units lost by a candidate with a different last letter. */
const LAST_LETTER_PENALTY = 1.25;

const INFLECTIONS = ["ing", "ly", "ed", "s"] as const;

/**
 * Writers misspell stems more than endings: "localy" means "locally", not "local".
 */
export function endingPenalty(misspelling: string, candidate: string): number {
  const lower = candidate.toLocaleLowerCase();
  for (const ending of INFLECTIONS) {
    if (misspelling.endsWith(ending)) return lower.endsWith(ending) ? 0 : ENDING_MISMATCH;
  }
  return 0;
}


/**
 * Longer words tolerate more edits before a suggestion stops being evidently the same word; a
 * frequency prior lets two-edit candidates compete, because it separates the likely from the rest.
 */
export function maxCost(misspelling: string, withPrior: boolean): number {
  const length = Array.from(misspelling).length;
  if (length <= 4) return 1;
  if (length <= 7) return withPrior ? 1.5 : 1;
  if (length <= 11) return withPrior ? 2 : 1.5;
  return withPrior ? 2.5 : 2;
}

/** Drops multi-word suggestions and Hunspell's compound stubs such as "veck-". */
function isWordShaped(candidate: string): boolean {
  return /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*$/u.test(candidate);
}
