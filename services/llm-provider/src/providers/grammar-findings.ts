import { LocalLinter } from "harper.js";
import { binary } from "harper.js/binary";
import type { Language } from "@shared/contracts/enums.ts";
import type { GrammarFinding } from "../domain/feedback-writer/focus-examples.ts";

let linter: Promise<LocalLinter> | undefined;

function ready(): Promise<LocalLinter> {
  linter ??= (async () => {
    const created = new LocalLinter({ binary });
    await created.setup();
    return created;
  })();
  // A failed setup must not be cached; the next call retries.
  linter.catch(() => (linter = undefined));
  return linter;
}

/** Harper's lint kinds onto the finding categories (the NLP service maps them the same way). */
function categoryOf(kind: string): GrammarFinding["category"] | "spelling" {
  if (kind === "Spelling" || kind === "Typo") return "spelling";
  if (kind === "Punctuation") return "punctuation";
  if (kind === "Capitalization" || kind === "Formatting") return "typography";
  if (["Style", "Readability", "Redundancy", "Repetition", "WordChoice", "Enhancement"].includes(kind)) return "style";
  if (["Agreement", "Grammar", "BoundaryError", "Usage", "Eggcorn", "Malapropism", "Miscellaneous"].includes(kind)) return "grammar";
  return "other";
}

/**
 * Grammar findings with a suggestion, located in the essay as written (Harper, offline, English
 * only; about 3 s of setup once per process), for when the NLP phase's check is not known. Spelling
 * is the spellchecker's and is left out. Null when no check ran (another language, or Harper failed:
 * the feedback is then written without grammar evidence rather than failing).
 * @example (await grammarFindings(essay, "en"))?.[0]?.suggestion
 */
export async function grammarFindings(essay: string, language: Language): Promise<GrammarFinding[] | null> {
  if (language !== "en") return null;
  try {
    const organised = await (await ready()).organizedLints(essay);
    const out: GrammarFinding[] = [];
    for (const lints of Object.values(organised)) {
      for (const lint of lints) {
        const category = categoryOf(lint.lint_kind());
        const span = lint.span();
        const suggestion = lint.suggestions()[0]?.get_replacement_text();
        if (category === "spelling" || suggestion === undefined || span.end <= span.start) continue;
        out.push({ span: { text: essay.slice(span.start, span.end), start: span.start, end: span.end }, category, message: lint.message(), suggestion });
      }
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  } catch {
    return null;
  }
}
