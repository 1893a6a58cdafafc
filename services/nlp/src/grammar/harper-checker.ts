import type { GrammarIssue } from "@shared/contracts/grammar.ts";
import { harperCategoryOf, harperLinter } from "@shared/text-analysis/harper-grammar.ts";
import type { GrammarChecker } from "./grammar-checker.ts";

const MAX_SUGGESTIONS = 5;

/**
 * Harper (WASM, offline, English only). Setup compiles the binary, about 2–3 s, once per process;
 * a 400-word essay then takes some tens of milliseconds.
 */
export function createHarperChecker(): GrammarChecker {
  // Setup and the mapping of lint kinds are shared with the local judge's grammar feature.
  const ready = harperLinter();
  return {
    name: "harper",
    async check(text) {
      const organised = await (await ready()).organizedLints(text);
      const issues: GrammarIssue[] = [];
      for (const [rule, lints] of Object.entries(organised)) {
        for (const lint of lints) {
          // harper.js spans index the JavaScript string (UTF-16 units), as our offsets do.
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
    },
  };
}
