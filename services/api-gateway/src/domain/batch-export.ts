import { strToU8, zipSync } from "fflate";

/** The fields of one essay's results the export reads (the RAS view carries more). */
export interface ExportEssay {
  essay_id: string;
  file_name?: string | null;
  student_name?: string | null;
  spellcheck?: { correction_count?: number } | null;
  nlp?: { metrics?: Record<string, number | string | null> | null } | null;
  cj_assessment?: { rank?: number; score?: number; grade?: string | null } | null;
  ai_feedback?: { feedback_preview?: string | null } | null;
  failures?: { phase: string; error_code: string }[];
}

const COLUMNS = ["essay_id", "file_name", "student_name", "corrections", "word_count", "cj_rank", "cj_score", "cj_grade", "feedback_preview", "failures"] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per essay, the columns a teacher sorts by in a spreadsheet. */
export function resultsCsv(essays: readonly ExportEssay[]): string {
  const rows = essays.map((e) => [
    e.essay_id, e.file_name, e.student_name, e.spellcheck?.correction_count, e.nlp?.metrics?.word_count,
    e.cj_assessment?.rank, e.cj_assessment?.score, e.cj_assessment?.grade, e.ai_feedback?.feedback_preview,
    (e.failures ?? []).map((f) => `${f.phase}:${f.error_code}`).join(" "),
  ]);
  return [COLUMNS.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\r\n") + "\r\n";
}

/** A file name safe inside a zip, unique among the others (essay id as a fallback). */
export function originalEntryName(essay: ExportEssay, taken: Set<string>): string {
  const base = (essay.file_name ?? essay.essay_id).replace(/[/\\:*?"<>|\x00-\x1f]/g, "_").slice(0, 150) || essay.essay_id;
  let name = `originals/${base.replace(/\.[^.]*$/, "")}.txt`;
  if (taken.has(name)) name = `originals/${base.replace(/\.[^.]*$/, "")}-${essay.essay_id}.txt`;
  taken.add(name);
  return name;
}

/** The zip: results.json (the whole results view), results.csv, and each essay's text under originals/. */
export function batchExportZip(results: { essays?: readonly ExportEssay[] } & Record<string, unknown>, originals: ReadonlyMap<string, string>): Uint8Array {
  const essays = results.essays ?? [];
  const taken = new Set<string>();
  const files: Record<string, Uint8Array> = {
    "results.json": strToU8(JSON.stringify(results, null, 2)),
    "results.csv": strToU8(resultsCsv(essays)),
  };
  for (const essay of essays) {
    const text = originals.get(essay.essay_id);
    if (text !== undefined) files[originalEntryName(essay, taken)] = strToU8(text);
  }
  return zipSync(files, { level: 6 });
}
