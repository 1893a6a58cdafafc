/**
 * ELLIPSE essays with their six analytic scores, measured the way the pipeline measures them for
 * feedback: the spellchecker's corrections, the grammar check (Harper) and the NLP metrics of the
 * corrected text, and the shared essay profile of the text as written. Measurements are cached in
 * the system temp folder (ids and numbers only, never the essays) so the fit and the bench share them.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { summariseIssues } from "../../services/nlp/src/domain/grammar-issues.ts";
import { computeTextMetrics } from "../../services/nlp/src/domain/text-metrics.ts";
import { createHarperChecker } from "../../services/nlp/src/grammar/harper-checker.ts";
import { correctText } from "../../services/spellchecker/src/domain/correct-text.ts";
import { loadSpeller } from "../../services/spellchecker/src/domain/dictionaries.ts";
import type { GrammarFinding } from "../../services/llm-provider/src/domain/feedback-writer/focus-examples.ts";
import type { SpellingCorrection } from "../../services/llm-provider/src/domain/feedback-writer/as-written.ts";
import { parseRecords } from "../../scripts/corpus/delimited-text.ts";
import { taggerFor } from "../../shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor } from "../../shared/text-analysis/word-frequency.ts";

export const ELLIPSE_DIMENSIONS = ["Cohesion", "Syntax", "Vocabulary", "Phraseology", "Grammar", "Conventions"] as const;
export type EllipseDimension = (typeof ELLIPSE_DIMENSIONS)[number];

export interface EllipseEssay {
  readonly id: string;
  readonly prompt: string;
  readonly text: string;
  readonly scores: Record<EllipseDimension, number>;
}

export interface EssayMeasurement {
  readonly metrics: Record<string, number>;
  readonly corrections: SpellingCorrection[];
  readonly correctionCount: number;
  readonly grammar: GrammarFinding[];
}

/** The ELLIPSE file, or undefined (with the reason printed by the caller) when this machine has none. */
export function ellipseFile(env: Record<string, string | undefined> = process.env): string | undefined {
  const root = env.HULEEDU_SHARED_DATA ?? path.resolve(import.meta.dir, "../../../shared/data");
  const candidates = [path.join(root, "essays/ellipse-dev-prompts.csv"), "/work/shared/data/essays/ellipse-dev-prompts.csv"];
  return candidates.find((f) => existsSync(f));
}

export function loadEllipseScored(file: string): EllipseEssay[] {
  const [header, ...rows] = parseRecords(readFileSync(file, "utf8"), ",");
  if (!header) return [];
  const col = (name: string) => header.indexOf(name);
  return rows.map((r) => ({
    id: r[col("text_id_kaggle")] ?? "",
    prompt: r[col("prompt")] ?? "",
    text: r[col("full_text")] ?? "",
    scores: Object.fromEntries(ELLIPSE_DIMENSIONS.map((d) => [d, Number(r[col(d)])])) as Record<EllipseDimension, number>,
  })).filter((e) => e.text.trim() !== "" && ELLIPSE_DIMENSIONS.every((d) => Number.isFinite(e.scores[d])));
}

const GRAMMAR_KINDS = new Set(["grammar", "punctuation", "typography", "style", "other"]);

/** Measure every essay (or read the cache made from the same file). */
export async function measureAll(file: string, essays: readonly EllipseEssay[]): Promise<Map<string, EssayMeasurement>> {
  const cacheFile = path.join(tmpdir(), `huleedu-feedback-ellipse-${statSync(file).mtimeMs}-${essays.length}.json`);
  if (existsSync(cacheFile)) return new Map(Object.entries(JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, EssayMeasurement>));
  const [speller, zipf, tagger] = await Promise.all([loadSpeller("en"), zipfLookupFor("en"), taggerFor("en")]);
  const harper = createHarperChecker();
  const out = new Map<string, EssayMeasurement>();
  let done = 0;
  for (const essay of essays) {
    const corrected = correctText(essay.text, speller);
    // One grammar check, of the text as written (its offsets are what the feedback quotes); spelling
    // findings are the spellchecker's business and are dropped, as the NLP metric drops them.
    const issues = await harper.check(essay.text, "en");
    const response = summariseIssues("en", "harper", issues);
    const metrics = computeTextMetrics(corrected.correctedText, "en", { zipf, tagger, grammar: response });
    const numeric = Object.fromEntries(Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === "number"));
    out.set(essay.id, {
      metrics: numeric,
      corrections: corrected.corrections.map(({ offset, original, replacement }) => ({ offset, original, replacement })),
      correctionCount: corrected.correctionCount,
      grammar: issues
        .filter((i) => GRAMMAR_KINDS.has(i.category) && i.suggestions[0] !== undefined && i.length > 0)
        .map((i) => ({
          span: { text: essay.text.slice(i.offset, i.offset + i.length), start: i.offset, end: i.offset + i.length },
          category: i.category as GrammarFinding["category"], message: i.message, suggestion: i.suggestions[0]!,
        })),
    });
    if (++done % 200 === 0) console.error(`measured ${done}/${essays.length}`);
  }
  writeFileSync(cacheFile, JSON.stringify(Object.fromEntries(out)));
  return out;
}

/** Class-sized batches: each prompt's essays in file order, cut into batches of at most `size`. */
export function batchesOf(essays: readonly EllipseEssay[], size = 30): EllipseEssay[][] {
  const byPrompt = new Map<string, EllipseEssay[]>();
  for (const e of essays) byPrompt.set(e.prompt, [...(byPrompt.get(e.prompt) ?? []), e]);
  const out: EllipseEssay[][] = [];
  for (const list of byPrompt.values()) {
    const parts = Math.ceil(list.length / size);
    for (let i = 0; i < parts; i++) out.push(list.filter((_, j) => j % parts === i));
  }
  return out;
}

/** Prompts sorted by name: even positions fit the weights, odd ones measure them. */
export function splitPrompts(essays: readonly EllipseEssay[]): { fit: Set<string>; measure: Set<string> } {
  const prompts = [...new Set(essays.map((e) => e.prompt))].sort();
  return { fit: new Set(prompts.filter((_, i) => i % 2 === 0)), measure: new Set(prompts.filter((_, i) => i % 2 === 1)) };
}
