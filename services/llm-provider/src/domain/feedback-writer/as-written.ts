/** A spellchecker correction; `offset` is where `original` stood in the uncorrected text. */
export interface SpellingCorrection {
  readonly original: string;
  readonly replacement: string;
  readonly offset?: number | undefined;
}

/**
 * The essay as the student wrote it, from the corrected text the pipeline hands on and the
 * spellchecker's corrections (with offsets): each replacement is put back to its original. Null when
 * the corrections do not line up with the text (missing offsets, a truncated list, another text):
 * then no misspelling can be quoted from it.
 * @example asWritten("I receive it.", [{ offset: 2, original: "recieve", replacement: "receive" }]) // "I recieve it."
 */
export function asWritten(corrected: string, corrections: readonly SpellingCorrection[]): string | null {
  if (corrections.length === 0) return corrected;
  if (corrections.some((c) => c.offset === undefined)) return null;
  const sorted = [...corrections].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  let out = "";
  let read = 0; // position in the corrected text
  let shift = 0; // corrected position minus original position so far
  for (const c of sorted) {
    const at = (c.offset ?? 0) + shift;
    if (at < read || corrected.slice(at, at + c.replacement.length) !== c.replacement) return null;
    out += corrected.slice(read, at) + c.original;
    read = at + c.replacement.length;
    shift += c.replacement.length - c.original.length;
  }
  return out + corrected.slice(read);
}

/**
 * The text feedback quotes: the essay as written when the corrections say how (or when they already
 * stand in the text at their offsets), with the corrections that can be quoted from it; else the
 * text as given and no quotable corrections (a word searched for elsewhere could be a correct one).
 */
export function essayAsWritten(text: string, corrections: readonly SpellingCorrection[]): { text: string; corrections: readonly SpellingCorrection[] } {
  const inPlace = corrections.length > 0 && corrections.every((c) => c.offset !== undefined && text.slice(c.offset, c.offset + c.original.length) === c.original);
  if (inPlace) return { text, corrections };
  const original = asWritten(text, corrections);
  return original === null ? { text, corrections: [] } : { text: original, corrections };
}
