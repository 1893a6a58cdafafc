// Grammar checking, one definition for the nlp service (checker, /internal/v1/check, the stored
// per-essay check) and everything that reads its results (ai-feedback, LPS's feedback writer).
import * as v from "valibot";
import { LanguageSchema } from "./enums.ts";

/** What kind of problem a grammar issue is; checkers' own categories are mapped onto these. */
export const GRAMMAR_CATEGORIES = ["grammar", "punctuation", "typography", "style", "spelling", "other"] as const;
export type GrammarCategory = (typeof GRAMMAR_CATEGORIES)[number];
export const GrammarCategorySchema = v.picklist(GRAMMAR_CATEGORIES);

const offset = v.pipe(v.number(), v.integer(), v.minValue(0));

export const GrammarIssueSchema = v.object({
  /** UTF-16 offset of the problem in the checked text. */
  offset,
  length: offset,
  /** The checker's rule ("AnA", "EN_A_VS_AN"). */
  rule_id: v.string(),
  category: GrammarCategorySchema,
  message: v.string(),
  suggestions: v.array(v.string()),
});
export type GrammarIssue = v.InferOutput<typeof GrammarIssueSchema>;

export const MAX_CHECK_CHARACTERS = 100_000;

/** Internal body of the nlp service's `POST /internal/v1/check`. */
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
export const GrammarCheckerSchema = v.picklist(GRAMMAR_CHECKERS);

const GrammarCheckFields = {
  language: LanguageSchema,
  checker: GrammarCheckerSchema,
  /** In text order. */
  issues: v.array(GrammarIssueSchema),
  counts: v.record(GrammarCategorySchema, v.pipe(v.number(), v.integer(), v.minValue(0))),
};

export const GrammarCheckResponseSchema = v.pipe(v.object(GrammarCheckFields), v.title("GrammarCheckResponse"));
export type GrammarCheckResponse = v.InferOutput<typeof GrammarCheckResponseSchema>;

/**
 * One essay's grammar check as the nlp phase stores it (JSON content; its storage id travels on the
 * NLP result and the feedback request, the issues never do): the check of the text stored under
 * `text_storage_id`, whose UTF-16 offsets the issues index.
 */
export const EssayGrammarCheckSchema = v.pipe(
  v.object({ text_storage_id: v.pipe(v.string(), v.minLength(1)), ...GrammarCheckFields }),
  v.title("EssayGrammarCheck"),
);
export type EssayGrammarCheck = v.InferOutput<typeof EssayGrammarCheckSchema>;
