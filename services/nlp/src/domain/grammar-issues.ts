import * as v from "valibot";
import { LanguageSchema, type Language } from "@shared/contracts/enums.ts";

/** What kind of problem a grammar issue is; checkers' own categories are mapped onto these. */
export const GRAMMAR_CATEGORIES = ["grammar", "punctuation", "typography", "style", "spelling", "other"] as const;
export type GrammarCategory = (typeof GRAMMAR_CATEGORIES)[number];
export const GrammarCategorySchema = v.picklist(GRAMMAR_CATEGORIES);

export const GrammarIssueSchema = v.object({
  /** UTF-16 offset of the problem in the checked text. */
  offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
  length: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The checker's rule ("AnA", "EN_A_VS_AN"). */
  rule_id: v.string(),
  category: GrammarCategorySchema,
  message: v.string(),
  suggestions: v.array(v.string()),
});
export type GrammarIssue = v.InferOutput<typeof GrammarIssueSchema>;

export const MAX_CHECK_CHARACTERS = 100_000;

export const GrammarCheckRequestSchema = v.pipe(
  v.strictObject({
    text: v.pipe(v.string(), v.maxLength(MAX_CHECK_CHARACTERS)),
    language: LanguageSchema,
    /** Only these categories; all when absent. */
    categories: v.optional(v.pipe(v.array(GrammarCategorySchema), v.minLength(1))),
  }),
  v.title("GrammarCheckRequest"),
);
export type GrammarCheckRequest = v.InferOutput<typeof GrammarCheckRequestSchema>;

/** Which checker answered: Harper (offline, English), a LanguageTool server, or none (Swedish offline). */
export const GRAMMAR_CHECKERS = ["harper", "languagetool", "none"] as const;
export type GrammarCheckerName = (typeof GRAMMAR_CHECKERS)[number];

export const GrammarCheckResponseSchema = v.pipe(
  v.object({
    language: LanguageSchema,
    checker: v.picklist(GRAMMAR_CHECKERS),
    issues: v.array(GrammarIssueSchema),
    counts: v.record(GrammarCategorySchema, v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.title("GrammarCheckResponse"),
);
export type GrammarCheckResponse = v.InferOutput<typeof GrammarCheckResponseSchema>;

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
