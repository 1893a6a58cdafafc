/** A stretch of essay text: plain, or a spelling correction at its place. */
export type Segment = { kind: "text"; text: string } | { kind: "correction"; text: string; replacement: string };

/**
 * Split `text` at the corrections' offsets (UTF-16, into the original text). A correction whose
 * offset does not hold its original word (or overlaps the previous one) is left out, not misplaced.
 */
export function segmentText(text: string, corrections: readonly { offset: number; original: string; replacement: string }[]): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const c of [...corrections].sort((a, b) => a.offset - b.offset)) {
    if (c.offset < at || text.slice(c.offset, c.offset + c.original.length) !== c.original) continue;
    if (c.offset > at) segments.push({ kind: "text", text: text.slice(at, c.offset) });
    segments.push({ kind: "correction", text: c.original, replacement: c.replacement });
    at = c.offset + c.original.length;
  }
  if (at < text.length) segments.push({ kind: "text", text: text.slice(at) });
  return segments;
}
