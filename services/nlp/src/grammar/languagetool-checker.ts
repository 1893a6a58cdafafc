import * as v from "valibot";
import type { Language } from "@shared/contracts/enums.ts";
import type { GrammarCategory, GrammarIssue } from "@shared/contracts/grammar.ts";
import type { GrammarChecker } from "./grammar-checker.ts";

/** The part of LanguageTool's /v2/check answer we use. */
const LanguageToolResponseSchema = v.object({
  matches: v.array(v.object({
    message: v.string(),
    offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
    length: v.pipe(v.number(), v.integer(), v.minValue(0)),
    replacements: v.optional(v.array(v.object({ value: v.string() })), []),
    rule: v.object({
      id: v.string(),
      issueType: v.optional(v.string()),
      category: v.object({ id: v.string() }),
    }),
  })),
});

/** LanguageTool language codes: variants for English so that its spelling rules apply. */
const LANGUAGE_CODES: Record<Language, string> = { en: "en-GB", sv: "sv" };

const MAX_SUGGESTIONS = 5;

/**
 * A client of a LanguageTool server's HTTP API (POST /v2/check, form-encoded).
 *
 * @example createLanguageToolChecker({ baseUrl: "http://127.0.0.1:8081", timeoutMs: 10000 })
 */
export function createLanguageToolChecker(options: { baseUrl: string; timeoutMs: number }): GrammarChecker {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/v2/check`;
  return {
    name: "languagetool",
    async check(text, language) {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({ text, language: LANGUAGE_CODES[language] }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) throw new Error(`LanguageTool answered ${response.status}`);
      const parsed = v.safeParse(LanguageToolResponseSchema, await response.json());
      if (!parsed.success) throw new Error("LanguageTool answered in an unexpected shape");
      return parsed.output.matches.map((match): GrammarIssue => ({
        offset: match.offset,
        length: match.length,
        rule_id: match.rule.id,
        category: categoryOf(match.rule.category.id, match.rule.issueType),
        message: match.message,
        suggestions: match.replacements.slice(0, MAX_SUGGESTIONS).map((r) => r.value),
      }));
    },
  };
}

/** LanguageTool's category ids (TYPOS, GRAMMAR, PUNCTUATION …) onto ours. */
function categoryOf(categoryId: string, issueType: string | undefined): GrammarCategory {
  if (categoryId === "TYPOS" || issueType === "misspelling") return "spelling";
  if (categoryId === "PUNCTUATION") return "punctuation";
  if (categoryId === "TYPOGRAPHY" || categoryId === "CASING") return "typography";
  if (["STYLE", "REDUNDANCY", "COLLOQUIALISMS", "REPETITIONS", "REPETITIONS_STYLE", "PLAIN_ENGLISH"].includes(categoryId)) return "style";
  if (["GRAMMAR", "CONFUSED_WORDS", "AGREEMENT", "VERB", "NOUN", "SEMANTICS"].includes(categoryId) || issueType === "grammar") return "grammar";
  return "other";
}
