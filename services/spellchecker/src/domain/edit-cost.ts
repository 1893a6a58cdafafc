/**
 * Weighted edit cost between a misspelling and a candidate (optimal string alignment).
 * The discounts model the errors writers make most often, so a candidate explained by one of
 * them ranks ahead of one needing an arbitrary edit of the same Levenshtein size.
 *
 * @example spellingEditCost("recieve", "receive") // 0.5 (one adjacent swap)
 */
export function spellingEditCost(misspelling: string, candidate: string): number {
  const a = Array.from(misspelling.toLowerCase());
  const b = Array.from(candidate.toLowerCase());
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Float64Array(rows * cols);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i === 0 ? 0 : at(i - 1, 0) + gapCost(a, i - 1);
  for (let j = 1; j < cols; j++) d[j] = at(0, j - 1) + gapCost(b, j - 1);
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const ca = a[i - 1] as string;
      const cb = b[j - 1] as string;
      let best = Math.min(
        at(i - 1, j) + gapCost(a, i - 1),
        at(i, j - 1) + gapCost(b, j - 1),
        at(i - 1, j - 1) + substitutionCost(ca, cb),
      );
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb && ca !== cb) {
        best = Math.min(best, at(i - 2, j - 2) + TRANSPOSITION);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

const TRANSPOSITION = 0.5;
const DOUBLED_LETTER = 0.75;
const DIACRITIC = 0.5;
const APOSTROPHE_OR_HYPHEN = 0.5;

/** Cost of inserting or deleting chars[index]: cheaper when it doubles a neighbour (untill, begining). */
function gapCost(chars: readonly string[], index: number): number {
  const ch = chars[index];
  if (ch === "'" || ch === "’" || ch === "-") return APOSTROPHE_OR_HYPHEN;
  if (ch !== undefined && (chars[index - 1] === ch || chars[index + 1] === ch)) return DOUBLED_LETTER;
  return 1;
}

function substitutionCost(x: string, y: string): number {
  if (x === y) return 0;
  return baseLetter(x) === baseLetter(y) ? DIACRITIC : 1;
}

/** "ö" → "o", "é" → "e": a dropped accent is a keyboard slip, not a different word choice. */
function baseLetter(ch: string): string {
  return ch.normalize("NFD").replace(/\p{M}/gu, "");
}
