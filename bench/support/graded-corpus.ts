// Real human-scored essays read at run time from ../shared/data (never copied into the repo):
// ELLIPSE dev prompts (Overall rounded to the nearest band, 1–5) and ASAP prompts 2, 7, 8.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseRecords } from "../../scripts/corpus/delimited-text.ts";

export interface GradedEssay {
  readonly id: string;
  readonly text: string;
  /** The human score on the prompt's integer scale. */
  readonly score: number;
}

export interface GradedPrompt {
  readonly name: string;
  /** A CJ grade scale id, e.g. numeric_1_5. */
  readonly gradeScale: string;
  readonly min: number;
  readonly max: number;
  readonly essays: readonly GradedEssay[];
}

/** `HULEEDU_SHARED_DATA`, else `../shared/data` beside the repository root. */
export function sharedDataDir(repoRoot: string): string {
  return process.env.HULEEDU_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
}

/** The prompts found under `dir/essays`, and what was missing. */
export function loadGradedPrompts(dir: string, minEssays: number): { prompts: GradedPrompt[]; missing: string[] } {
  const missing: string[] = [];
  const prompts: GradedPrompt[] = [];
  const ellipse = path.join(dir, "essays", "ellipse-dev-prompts.csv");
  if (existsSync(ellipse)) prompts.push(...ellipsePrompts(readFileSync(ellipse, "utf8")));
  else missing.push(ellipse);
  const asap = path.join(dir, "essays", "asap-sets-2-8.tsv");
  if (existsSync(asap)) prompts.push(...asapPrompts(readFileSync(asap, "utf8")));
  else missing.push(asap);
  return { prompts: prompts.filter((p) => p.essays.length >= minEssays), missing };
}

function ellipsePrompts(csv: string): GradedPrompt[] {
  const [header, ...rows] = parseRecords(csv, ",");
  const col = (name: string) => header!.indexOf(name);
  const [id, prompt, text, overall] = [col("text_id_kaggle"), col("prompt"), col("full_text"), col("Overall")];
  const byPrompt = new Map<string, GradedEssay[]>();
  for (const row of rows) {
    if (row.length < header!.length) continue;
    // Overall is the mean of two raters in half steps; half-way values go up (2.5 → 3).
    const score = Math.min(5, Math.max(1, Math.floor(Number(row[overall]) + 0.5)));
    const list = byPrompt.get(row[prompt]!) ?? [];
    list.push({ id: row[id]!, text: row[text]!, score });
    byPrompt.set(row[prompt]!, list);
  }
  return [...byPrompt].map(([name, essays]) => ({ name: `ELLIPSE ${name}`, gradeScale: "numeric_1_5", min: 1, max: 5, essays }));
}

const ASAP_RANGES: Record<string, { min: number; max: number }> = { "2": { min: 1, max: 6 }, "7": { min: 0, max: 30 }, "8": { min: 0, max: 60 } };

function asapPrompts(tsv: string): GradedPrompt[] {
  const [headerLine, ...lines] = tsv.split("\n");
  const header = headerLine!.split("\t");
  const [id, set, text, score] = ["essay_id", "essay_set", "essay", "domain1_score"].map((c) => header.indexOf(c));
  const bySet = new Map<string, GradedEssay[]>();
  for (const line of lines) {
    const f = line.split("\t");
    if (!(f[set!]! in ASAP_RANGES) || f[score!] === undefined || f[score!] === "") continue;
    const list = bySet.get(f[set!]!) ?? [];
    list.push({ id: f[id!]!, text: f[text!]!, score: Number(f[score!]) });
    bySet.set(f[set!]!, list);
  }
  return [...bySet].sort(([a], [b]) => Number(a) - Number(b)).map(([s, essays]) => {
    const { min, max } = ASAP_RANGES[s]!;
    return { name: `ASAP prompt ${s}`, gradeScale: `numeric_${min}_${max}`, min, max, essays };
  });
}
