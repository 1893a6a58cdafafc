// Spelling corrector quality and speed, new beside today's (and aspell's when installed), in one run.
//  1. Isolated misspellings from ../shared/data/spelling/*.tsv: fixed / left alone / wrong (a fix
//     may differ from the list's lowercase spelling in case only: "britian" → "Britain").
//  2. Well-edited English and Swedish text written for this bench (bench/texts/): correct words
//     changed per 1,000 words (the goal is at most 1).
//  3. Common Swedish word forms the Swedish speller rejects (the goal is none).
//  4. Words per second over the spellchecker's fixture essays.
// Run: bun bench/spelling-corpus.ts   (HULEEDU_SHARED_DATA overrides ../shared/data)
import path from "node:path";
import { correctText } from "../services/spellchecker/src/domain/correct-text.ts";
import { loadSpeller } from "../services/spellchecker/src/domain/dictionaries.ts";
import { SWEDISH_COMMON_WORDS } from "../services/spellchecker/src/domain/swedish-common-words.ts";
import { aspellFirstSuggestions } from "./support/aspell.ts";
import { BASELINE_COMMIT, loadBaselineCorrector, type BaselineCorrector } from "./support/baseline-spellchecker.ts";
import { benchmarkEssays } from "./spellcheck-nlp-functions.ts";

const repoRoot = path.resolve(import.meta.dir, "..");
const sharedData = process.env.HULEEDU_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");

type Correct = (text: string) => { corrections: ReadonlyArray<{ original: string; replacement: string }> };
interface Outcome { fixed: number; leftAlone: number; wrong: number; total: number }

function pct(n: number, total: number): string {
  return total === 0 ? "–" : `${((100 * n) / total).toFixed(0)}%`;
}
const row = (o: Outcome | null) => (o === null ? "–" : `${pct(o.fixed, o.total)} / ${pct(o.leftAlone, o.total)} / ${pct(o.wrong, o.total)}`);

async function readPairs(file: string): Promise<Array<{ misspelling: string; intended: string[] }>> {
  const text = await Bun.file(file).text();
  return text.split("\n").filter((l) => l.includes("\t")).map((line) => {
    const [misspelling = "", intended = ""] = line.split("\t");
    return { misspelling: misspelling.trim(), intended: intended.trim().split("|") };
  });
}

function isolatedOutcome(pairs: Awaited<ReturnType<typeof readPairs>>, fix: (word: string) => string): Outcome {
  const o: Outcome = { fixed: 0, leftAlone: 0, wrong: 0, total: pairs.length };
  for (const { misspelling, intended } of pairs) {
    const out = fix(misspelling);
    // The lists spell names in lowercase ("britain"): "Britain" is the fix, for every corrector alike.
    if (intended.includes(out) || intended.includes(out.toLocaleLowerCase())) o.fixed++;
    else if (out === misspelling) o.leftAlone++;
    else o.wrong++;
  }
  return o;
}

const viaCorrector = (correct: Correct) => (word: string) => correct(word).corrections[0]?.replacement ?? word;

/** Corrections made on text with no errors in it, per 1,000 words. */
function changesPerThousand(text: string, correct: Correct): { rate: number; changed: string[] } {
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const changed = correct(text).corrections.map((c) => `${c.original}→${c.replacement}`);
  return { rate: (1000 * changed.length) / words, changed };
}

async function aspellChangesPerThousand(text: string, language: "en" | "sv"): Promise<number | null> {
  const words = text.match(/\p{L}+(?:['’]\p{L}+)*/gu) ?? [];
  const first = await aspellFirstSuggestions(words, language);
  if (first === null) return null;
  return (1000 * words.filter((w) => first.get(w) !== w).length) / words.length;
}

function wordsPerSecond(essays: readonly string[], correct: Correct): number {
  const words = essays.reduce((n, e) => n + e.split(/\s+/).length, 0);
  const t0 = performance.now();
  for (const essay of essays) correct(essay);
  return words / ((performance.now() - t0) / 1000);
}

const en = await loadSpeller("en");
const sv = await loadSpeller("sv");
const newEn: Correct = (t) => correctText(t, en);
const newSv: Correct = (t) => correctText(t, sv);
const baseEn: BaselineCorrector | null = await loadBaselineCorrector(repoRoot, "en");
const baseSv: BaselineCorrector | null = await loadBaselineCorrector(repoRoot, "sv");

console.log(`## Isolated misspellings: fixed / left alone / wrong (today = ${BASELINE_COMMIT})\n`);
console.log("| data | n | new | today | aspell (first suggestion) |");
console.log("| --- | --- | --- | --- | --- |");
const spellingDir = path.join(sharedData, "spelling");
const files = (await Array.fromAsync(new Bun.Glob("*.tsv").scan(spellingDir)).catch(() => [] as string[])).sort();
if (files.length === 0) console.log(`| (no data: ${spellingDir} is absent) | | | | |`);
for (const file of files) {
  const pairs = await readPairs(path.join(spellingDir, file));
  const language = file.startsWith("sv") ? "sv" : "en";
  const ours = isolatedOutcome(pairs, viaCorrector(language === "en" ? newEn : newSv));
  const base = language === "en" ? baseEn : baseSv;
  const today = base === null ? null : isolatedOutcome(pairs, viaCorrector(base.correct));
  const first = await aspellFirstSuggestions(pairs.map((p) => p.misspelling), language);
  const aspell = first === null ? null : isolatedOutcome(pairs, (w) => first.get(w) ?? w);
  console.log(`| ${file} | ${pairs.length} | ${row(ours)} | ${row(today)} | ${row(aspell)} |`);
}

console.log("\n## Well-edited text: correct words changed per 1,000 words\n");
console.log("| text | words | new | today | aspell (flagged) |");
console.log("| --- | --- | --- | --- | --- |");
const changedLists: string[] = [];
for (const language of ["en", "sv"] as const) {
  const text = await Bun.file(path.join(import.meta.dir, "texts", `well-edited-${language}.txt`)).text();
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const ours = changesPerThousand(text, language === "en" ? newEn : newSv);
  const base = language === "en" ? baseEn : baseSv;
  const today = base === null ? null : changesPerThousand(text, base.correct);
  const aspell = await aspellChangesPerThousand(text, language);
  console.log(`| well-edited-${language} | ${words} | ${ours.rate.toFixed(1)} | ${today?.rate.toFixed(1) ?? "–"} | ${aspell?.toFixed(1) ?? "–"} |`);
  changedLists.push(`${language} new: ${ours.changed.join(", ") || "none"}`, `${language} today: ${today?.changed.join(", ") || "none"}`);
}
console.log("\n" + changedLists.map((l) => `- ${l}`).join("\n"));

console.log("\n## Common Swedish word forms rejected\n");
const rejectedNew = SWEDISH_COMMON_WORDS.filter((w) => !sv.isCorrect(w));
const rejectedToday = baseSv === null ? null : SWEDISH_COMMON_WORDS.filter((w) => baseSv.correct(w).corrections.length > 0);
console.log(`- new: ${rejectedNew.length} of ${SWEDISH_COMMON_WORDS.length} ${rejectedNew.join(" ")}`);
console.log(`- today (changed when checked alone): ${rejectedToday === null ? "–" : `${rejectedToday.length} ${rejectedToday.join(" ")}`}`);

console.log("\n## Speed: words per second (fixture essays, 40 per language, one process)\n");
console.log("| language | new | today |");
console.log("| --- | --- | --- |");
for (const language of ["en", "sv"] as const) {
  const essays = await benchmarkEssays(language, 40);
  const ours = wordsPerSecond(essays, language === "en" ? newEn : newSv);
  const base = language === "en" ? baseEn : baseSv;
  const today = base === null ? null : wordsPerSecond(essays, base.correct);
  console.log(`| ${language} | ${ours.toFixed(0)} | ${today?.toFixed(0) ?? "–"} |`);
}
