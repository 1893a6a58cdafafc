import { binary } from "harper.js/binary";
import { LocalLinter } from "harper.js";
import type { GrammarCategory, GrammarIssue } from "@shared/contracts/grammar.ts";
import type { GrammarChecker } from "./grammar-checker.ts";

const MAX_SUGGESTIONS = 5;

/**
 * Harper (WASM, offline, English only). Setup compiles the binary, about 2–3 s, once per process;
 * a 400-word essay then takes some tens of milliseconds.
 */
export function createHarperChecker(): GrammarChecker {
  let linter: Promise<LocalLinter> | undefined;
  const ready = (): Promise<LocalLinter> => {
    linter ??= (async () => {
      const created = new LocalLinter({ binary });
      await created.setup();
      return created;
    })();
    // A failed setup must not be cached; the next check retries.
    linter.catch(() => (linter = undefined));
    return linter;
  };
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
            category: categoryOf(lint.lint_kind()),
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

/** Harper's lint kinds onto our categories. */
function categoryOf(kind: string): GrammarCategory {
  if (kind === "Spelling" || kind === "Typo") return "spelling";
  if (kind === "Punctuation") return "punctuation";
  if (kind === "Capitalization" || kind === "Formatting") return "typography";
  if (["Style", "Readability", "Redundancy", "Repetition", "WordChoice", "Enhancement"].includes(kind)) return "style";
  if (["Agreement", "Grammar", "BoundaryError", "Usage", "Eggcorn", "Malapropism", "Miscellaneous"].includes(kind)) return "grammar";
  return "other";
}
