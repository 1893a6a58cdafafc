// Harper (harper.js, WASM, offline, English only): one linter setup and one mapping of its lint
// kinds onto our grammar categories, shared by the nlp service's checker and the local judge.
import { binary } from "harper.js/binary";
import { type LintConfig, LocalLinter } from "harper.js";
import { GRAMMAR_CATEGORIES, type GrammarCategory, type GrammarIssue } from "../contracts/grammar.ts";
import { normaliseAnonymisedTokens } from "./anonymised.ts";

/**
 * Harper's lint kinds onto our categories.
 * @example harperCategoryOf("Agreement") // "grammar"
 */
export function harperCategoryOf(kind: string): GrammarCategory {
  if (kind === "Spelling" || kind === "Typo") return "spelling";
  if (kind === "Punctuation") return "punctuation";
  if (kind === "Capitalization" || kind === "Formatting") return "typography";
  if (["Style", "Readability", "Redundancy", "Repetition", "WordChoice", "Enhancement"].includes(kind)) return "style";
  if (["Agreement", "Grammar", "BoundaryError", "Usage", "Eggcorn", "Malapropism", "Miscellaneous"].includes(kind)) return "grammar";
  return "other";
}

/**
 * A lazily set-up Harper linter, optionally with some rules switched (`{ SpellCheck: false }`).
 * Setup compiles the binary (2–3 s, once); a failed setup is not cached, so the next call retries.
 * @example const ready = harperLinter(); const lints = await (await ready()).lint(text)
 */
export function harperLinter(rules: LintConfig = {}): () => Promise<LocalLinter> {
  let linter: Promise<LocalLinter> | undefined;
  return () => {
    linter ??= (async () => {
      const created = new LocalLinter({ binary });
      await created.setup();
      if (Object.keys(rules).length > 0) await created.setLintConfig(rules);
      return created;
    })();
    linter.catch(() => (linter = undefined));
    return linter;
  };
}

export type HarperCategoryCounts = Record<GrammarCategory, number>;

/** Harper's findings of one text per category, every category present (zeros included). */
export type HarperCounter = (text: string) => Promise<HarperCategoryCounts>;

/**
 * Harper's rules for scoring, without its spell check: spelling is measured by our own speller,
 * and Harper's spelling suggestions cost more than all its other rules together.
 */
export const SCORING_RULES: LintConfig = { SpellCheck: false };

/**
 * Count Harper's findings per category for scoring (SCORING_RULES, so `spelling` holds only
 * Harper's few typo rules). Anonymised tokens (`@CAPS1`) become the placeholder name first, as the
 * essay profile sees them, so they are not counted as errors.
 * @example (await createHarperCounter()("This is a apple.")).grammar // 1
 */
export function createHarperCounter(ready: () => Promise<LocalLinter> = harperLinter(SCORING_RULES)): HarperCounter {
  return async (text) => {
    const counts = Object.fromEntries(GRAMMAR_CATEGORIES.map((c) => [c, 0])) as HarperCategoryCounts;
    for (const lint of await (await ready()).lint(normaliseAnonymisedTokens(text))) {
      counts[harperCategoryOf(lint.lint_kind())] += 1;
      lint.free();
    }
    return counts;
  };
}

const MAX_SUGGESTIONS = 5;

/**
 * Every finding of Harper's on a text, as the grammar phase reports it: offsets index the JavaScript
 * string (UTF-16 units, as harper.js spans do), at most five suggestions each.
 * @example (await harperIssuesOf(await harperLinter()(), "This is a apple."))[0]?.category // "grammar"
 */
export async function harperIssuesOf(linter: LocalLinter, text: string): Promise<GrammarIssue[]> {
  const organised = await linter.organizedLints(text);
  const issues: GrammarIssue[] = [];
  for (const [rule, lints] of Object.entries(organised)) {
    for (const lint of lints) {
      const span = lint.span();
      issues.push({
        offset: span.start,
        length: span.end - span.start,
        rule_id: rule,
        category: harperCategoryOf(lint.lint_kind()),
        message: lint.message(),
        suggestions: lint.suggestions().slice(0, MAX_SUGGESTIONS).map((s) => s.get_replacement_text()),
      });
      lint.free();
    }
  }
  return issues;
}
