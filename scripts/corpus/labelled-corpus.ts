// Rows of a delimited table → essays with a human score and a group (prompt). Pure.
import type { DelimitedTable } from "./delimited-text.ts";

export interface CorpusColumns {
  text: string;
  score: string;
  group: string;
  id: string;
  /** Two raters' scores, for the rater-vs-rater baseline (ASAP has them; ELLIPSE does not). */
  raters?: readonly [string, string];
}

export interface CorpusEssay {
  id: string;
  group: string;
  text: string;
  score: number;
  wordCount: number;
  raters?: [number, number];
}

export interface LabelledCorpus {
  essays: CorpusEssay[];
  /** Rows left out, with why (no score, too short for the file service, other group). */
  skipped: { missingScore: number; tooShort: number; otherGroup: number };
}

/** The file service refuses shorter texts (DEFAULT_CONTENT_LIMITS); such essays cannot be uploaded. */
export const MIN_ESSAY_CHARS = 50;
export const MIN_ESSAY_WORDS = 10;

/** How the band range of a group is found: its own scores (ASAP: each prompt its own scale) or the whole file's. */
export type RangeMode = "group" | "file";

/** Column defaults for the two development files, chosen by which header names are present. */
export function defaultColumns(header: string[]): CorpusColumns & { rangeMode: RangeMode } {
  if (header.includes("full_text")) return { text: "full_text", score: "Overall", group: "prompt", id: "text_id_kaggle", rangeMode: "file" };
  const raters = header.includes("rater1_domain1") && header.includes("rater2_domain1") ? { raters: ["rater1_domain1", "rater2_domain1"] as const } : {};
  return { text: "essay", score: "domain1_score", group: "essay_set", id: "essay_id", rangeMode: "group", ...raters };
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Essays from `table`; throws naming the missing column when one is absent. `groups` keeps only those groups. */
export function readLabelledCorpus(table: DelimitedTable, columns: CorpusColumns, groups?: readonly string[]): LabelledCorpus {
  for (const [role, name] of Object.entries(columns).flatMap(([role, n]) => (Array.isArray(n) ? n.map((x: string) => [role, x] as const) : [[role, n as string] as const]))) {
    if (!table.header.includes(name)) throw new Error(`no ${role} column "${name}" (columns: ${table.header.join(", ")})`);
  }
  const skipped = { missingScore: 0, tooShort: 0, otherGroup: 0 };
  const essays: CorpusEssay[] = [];
  const wanted = groups && groups.length > 0 ? new Set(groups) : undefined;
  for (const [index, row] of table.rows.entries()) {
    const group = (row[columns.group] ?? "").trim();
    if (wanted && !wanted.has(group)) {
      skipped.otherGroup++;
      continue;
    }
    const rawScore = (row[columns.score] ?? "").trim();
    const score = Number(rawScore);
    if (rawScore === "" || !Number.isFinite(score)) {
      skipped.missingScore++;
      continue;
    }
    const text = (row[columns.text] ?? "").trim();
    const wordCount = countWords(text);
    if (text.length < MIN_ESSAY_CHARS || wordCount < MIN_ESSAY_WORDS) {
      skipped.tooShort++;
      continue;
    }
    const raters = columns.raters?.map((c) => Number((row[c] ?? "").trim() || Number.NaN));
    const bothRaters = raters && raters.every(Number.isFinite) ? { raters: raters as [number, number] } : {};
    essays.push({ id: (row[columns.id] ?? "").trim() || `row-${index + 1}`, group, text, score, wordCount, ...bothRaters });
  }
  return { essays, skipped };
}

/** Essays by group, groups in natural order ("2" before "10"). */
export function groupEssays(essays: readonly CorpusEssay[]): Map<string, CorpusEssay[]> {
  const byGroup = new Map<string, CorpusEssay[]>();
  for (const e of essays) {
    const list = byGroup.get(e.group);
    if (list) list.push(e);
    else byGroup.set(e.group, [e]);
  }
  return new Map([...byGroup].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })));
}
