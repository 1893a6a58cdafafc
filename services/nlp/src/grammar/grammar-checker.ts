import type { Language } from "@shared/contracts/enums.ts";
import type { GrammarCheckerName, GrammarIssue } from "@shared/contracts/grammar.ts";

/** A grammar checker: issues of one text with UTF-16 offsets, every category. */
export interface GrammarChecker {
  readonly name: GrammarCheckerName;
  check(text: string, language: Language): Promise<GrammarIssue[]>;
}

/**
 * LanguageTool when a server is configured (every language it supports, Swedish included);
 * otherwise Harper for English, and no grammar checking for Swedish.
 */
export function grammarCheckerFor(
  language: Language,
  checkers: { languageTool?: GrammarChecker | undefined; harper?: GrammarChecker | undefined },
): GrammarChecker | null {
  if (checkers.languageTool !== undefined) return checkers.languageTool;
  if (language === "en" && checkers.harper !== undefined) return checkers.harper;
  return null;
}
