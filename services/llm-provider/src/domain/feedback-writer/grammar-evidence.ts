import type { GrammarCheckResponse } from "@shared/contracts/grammar.ts";
import type { SpellingCorrection } from "./as-written.ts";
import type { GrammarFinding } from "./focus-examples.ts";

/**
 * Where a span of the checked text stands in the essay as written: the checked text is the
 * corrected one when the spellchecker ran, so every correction before the span moves it. Null when
 * the span overlaps a correction (it cannot be quoted as the student wrote it).
 */
function writtenOffset(start: number, end: number, corrections: readonly SpellingCorrection[]): number | null {
  let shift = 0; // checked position minus written position so far
  for (const c of [...corrections].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0))) {
    const at = (c.offset ?? 0) + shift;
    const after = at + c.replacement.length;
    if (after <= start) {
      shift += c.replacement.length - c.original.length;
      continue;
    }
    if (at >= end) break;
    return null;
  }
  return start - shift;
}

/**
 * The grammar checker's findings (Harper or LanguageTool, from the NLP phase) located in the essay as
 * written, each with its first suggestion. Spelling is the spellchecker's and is left out, as are
 * findings without a suggestion and any whose text is not the essay's own at the mapped offsets, so
 * that every quote is verbatim.
 * @example grammarFindingsFromCheck(check, correctedText, essay, corrections)[0]?.suggestion // "is"
 */
export function grammarFindingsFromCheck(
  check: GrammarCheckResponse,
  checkedText: string,
  essay: string,
  corrections: readonly SpellingCorrection[],
): GrammarFinding[] {
  const sameText = checkedText === essay;
  if (!sameText && corrections.some((c) => c.offset === undefined)) return [];
  const out: GrammarFinding[] = [];
  for (const issue of check.issues) {
    if (issue.category === "spelling" || issue.length === 0) continue;
    const suggestion = issue.suggestions[0];
    if (suggestion === undefined) continue;
    const end = issue.offset + issue.length;
    const text = checkedText.slice(issue.offset, end);
    const start = sameText ? issue.offset : writtenOffset(issue.offset, end, corrections);
    if (start === null || text.length !== issue.length || essay.slice(start, start + text.length) !== text) continue;
    out.push({ span: { text, start, end: start + text.length }, category: issue.category, message: issue.message, suggestion });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
