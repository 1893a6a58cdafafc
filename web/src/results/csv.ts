import type { ResultRow } from "./rows.ts";

const HEADER = ["student", "file_name", "rank", "score", "standard_error", "grade", "grade_probability", "grade_uncertain", "spelling_corrections", "words", "readability", "feedback"];

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
function field(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = typeof value === "number" ? String(Math.round(value * 1000) / 1000) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per essay, in the order given. */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const lines = rows.map((r) =>
    [r.student, r.fileName, r.rank, r.score, r.standardError, r.grade, r.gradeProbability, r.gradeUncertain, r.corrections, r.words, r.readability, r.feedback].map(field).join(","),
  );
  return [HEADER.join(","), ...lines].join("\r\n") + "\r\n";
}
