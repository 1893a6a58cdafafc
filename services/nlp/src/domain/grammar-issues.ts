import type { Language } from "@shared/contracts/enums.ts";
import {
  GRAMMAR_CATEGORIES, type GrammarCategory, type GrammarCheckerName, type GrammarCheckResponse, type GrammarIssue,
} from "@shared/contracts/grammar.ts";

/**
 * Issues in text order, kept to the wanted categories, with a count per category (zeros included).
 *
 * @example summariseIssues("en", "harper", issues, ["grammar"]).counts.grammar // 2
 */
export function summariseIssues(
  language: Language,
  checker: GrammarCheckerName,
  issues: readonly GrammarIssue[],
  categories?: readonly GrammarCategory[],
): GrammarCheckResponse {
  const wanted = new Set(categories ?? GRAMMAR_CATEGORIES);
  const kept = issues.filter((issue) => wanted.has(issue.category)).sort((a, b) => a.offset - b.offset);
  const counts = Object.fromEntries(GRAMMAR_CATEGORIES.map((c) => [c, 0])) as Record<GrammarCategory, number>;
  for (const issue of kept) counts[issue.category] += 1;
  return { language, checker, issues: kept, counts };
}

/** Issues per 100 words outside spelling (the spellchecker reports those); null without a checker or words. */
export function grammarIssuesPer100Words(response: GrammarCheckResponse, wordCount: number): number | null {
  if (response.checker === "none" || wordCount === 0) return null;
  const counted = response.issues.filter((issue) => issue.category !== "spelling").length;
  return (100 * counted) / wordCount;
}

/** The categories reported per 100 words in the metrics (spelling is the spellchecker's). */
export const RATED_CATEGORIES = ["grammar", "punctuation", "typography", "style", "other"] as const satisfies readonly GrammarCategory[];
export type RatedCategory = (typeof RATED_CATEGORIES)[number];

/**
 * Issues of each category per 100 words, as metric names (`issues_grammar_per_100_words` …); every
 * one null without a checker or words.
 * @example categoryRatesPer100Words(response, 200).issues_punctuation_per_100_words // 1.5 for 3 punctuation issues
 */
export function categoryRatesPer100Words(response: GrammarCheckResponse | undefined, wordCount: number): Record<`issues_${RatedCategory}_per_100_words`, number | null> {
  const rated = response !== undefined && response.checker !== "none" && wordCount > 0;
  return Object.fromEntries(RATED_CATEGORIES.map((c) => [
    `issues_${c}_per_100_words`,
    rated ? (100 * response.issues.filter((i) => i.category === c).length) / wordCount : null,
  ])) as Record<`issues_${RatedCategory}_per_100_words`, number | null>;
}
