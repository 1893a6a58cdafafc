import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseRecords } from "../corpus/delimited-text.ts";

/** One human-scored essay of the development corpora (read at run time, never copied into the repo). */
export interface ScoredEssay {
  readonly id: string;
  /** The prompt it answers: `asap-2` … `asap-8`, `ellipse-<prompt name>`. */
  readonly group: string;
  readonly corpus: "asap" | "ellipse";
  readonly text: string;
  readonly score: number;
  /** Two independent raters' scores, where the corpus has them. */
  readonly raters?: readonly [number, number];
}

const REPO_ROOT = path.resolve(import.meta.dir, "../..");

/** Where `../shared/data` is (or `HULEEDU_SHARED_DATA`), or undefined when this machine has no copy. */
export function sharedDataDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const dir = env.HULEEDU_SHARED_DATA ?? path.resolve(REPO_ROOT, "../shared/data");
  return existsSync(path.join(dir, "essays")) ? dir : undefined;
}


function records(rows: string[][]): Record<string, string>[] {
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/** ASAP-AES prompts 2–8: resolved domain-1 score, and the two raters' scores. */
export function loadAsap(dataDir: string): ScoredEssay[] {
  // The TSV has no quoting: one essay per line, tab-separated.
  const lines = readFileSync(path.join(dataDir, "essays/asap-sets-2-8.tsv"), "utf8").split(/\r?\n/).filter(Boolean);
  const header = lines[0]!.split("\t");
  return lines.slice(1).map((line) => {
    const cells = line.split("\t");
    const get = (name: string) => cells[header.indexOf(name)] ?? "";
    return {
      id: get("essay_id"),
      group: `asap-${get("essay_set")}`,
      corpus: "asap" as const,
      text: get("essay"),
      score: Number(get("domain1_score")),
      raters: [Number(get("rater1_domain1")), Number(get("rater2_domain1"))] as const,
    };
  }).filter((e) => Number.isFinite(e.score) && e.text.trim() !== "");
}

/** ELLIPSE learner essays, 22 prompts: the Overall score (mean of two raters, 1–5 in half steps). */
export function loadEllipse(dataDir: string): ScoredEssay[] {
  const rows = records(parseRecords(readFileSync(path.join(dataDir, "essays/ellipse-dev-prompts.csv"), "utf8"), ","));
  return rows.map((r) => ({
    id: r.text_id_kaggle ?? "",
    group: `ellipse-${r.prompt ?? ""}`,
    corpus: "ellipse" as const,
    text: r.full_text ?? "",
    score: Number(r.Overall),
  })).filter((e) => Number.isFinite(e.score) && e.text.trim() !== "");
}
