import type { EssayResult } from "../api/types.ts";

/** One results-table row: what a teacher compares across essays. */
export interface ResultRow {
  essayId: string;
  student: string;
  fileName: string;
  rank: number | null;
  score: number | null;
  standardError: number | null;
  grade: string | null;
  /** Probability of the shown grade, 0-1. */
  gradeProbability: number | null;
  gradeUncertain: boolean;
  corrections: number | null;
  words: number | null;
  readability: number | null;
  feedback: string | null;
}

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : null);

/** The student's name when the file said it, else a name from the file name ("03-elsa-lindqvist.txt" → "Elsa Lindqvist"). */
export function studentLabel(essay: Pick<EssayResult, "student_name" | "file_name" | "essay_id">): string {
  if (essay.student_name) return essay.student_name;
  const base = (essay.file_name ?? essay.essay_id).replace(/\.[^.]+$/, "").replace(/^\d+[-_ ]*/, "");
  return base.split(/[-_ ]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join(" ") || essay.essay_id;
}

/** The feedback to preview: its first focus area when structured, otherwise the aggregator's preview. */
export function feedbackText(essay: EssayResult): string | null {
  const fb = essay.ai_feedback;
  if (!fb) return null;
  const first = fb.feedback ? [...fb.feedback.focus_areas].sort((a, b) => a.rank - b.rank)[0] : undefined;
  return first?.explanation ?? fb.feedback_preview ?? null;
}

export function toRow(essay: EssayResult): ResultRow {
  const cj = essay.cj_assessment;
  const metrics = essay.nlp?.metrics ?? {};
  const grade = cj?.grade ?? null;
  return {
    essayId: essay.essay_id,
    student: studentLabel(essay),
    fileName: essay.file_name ?? "",
    rank: cj?.rank ?? null,
    score: cj?.score ?? null,
    standardError: cj?.standard_error ?? null,
    grade,
    gradeProbability: grade ? num(cj?.grade_probabilities[grade]) : null,
    gradeUncertain: cj?.grade_uncertain === true,
    corrections: essay.spellcheck?.correction_count ?? null,
    words: num(metrics.word_count) ?? essay.spellcheck?.word_count ?? null,
    readability: num(metrics.lix) ?? num(metrics.flesch_reading_ease),
    feedback: feedbackText(essay),
  };
}

export type SortKey = "student" | "rank" | "score" | "grade" | "corrections" | "words" | "readability";
export interface SortState {
  key: SortKey;
  ascending: boolean;
}

/** Sorted copy; empty values always last, whichever the direction. */
export function sortRows(rows: readonly ResultRow[], sort: SortState): ResultRow[] {
  const value = (r: ResultRow): string | number | null => (sort.key === "student" ? r.student : sort.key === "grade" ? r.grade : r[sort.key]);
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return sort.ascending ? order : -order;
  });
}
