// Plain-text tables for the terminal: a header, a rule, columns padded (numbers right-aligned). Pure.

export type Cell = string | number | undefined;

/** A number with `digits` decimals; undefined (not defined / not measured) prints as "–". */
export function fixed(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

/** A share as a whole percentage, "–" when undefined. */
export function percent(value: number | undefined): string {
  return value === undefined ? "–" : `${Math.round(value * 100)}%`;
}

/**
 * Lines of a table; a column whose cells all look numeric (or "–") is right-aligned, header included.
 * @example formatTable(["group", "essays"], [["a", 30]]); // ["group  essays", "-----  ------", "a          30"]
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const text = rows.map((row) => headers.map((_, i) => (row[i] === undefined ? "–" : String(row[i]))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] as string).length)));
  const numeric = (s: string) => /^(–|[-+]?\d[\d.,]*%?|\$[\d.]+)$/.test(s);
  const right = headers.map((_, i) => text.length > 0 && text.every((r) => numeric(r[i] as string)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...text.map(line)];
}
