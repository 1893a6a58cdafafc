/**
 * Fits the local judge's weights on the real development essays in ../shared/data and writes the
 * coefficients files the judge loads. Leave-one-prompt-out: every prompt is scored by a model that
 * never saw it, and its Spearman with the human score is printed beside essay length alone and
 * (ASAP) rater 1 vs rater 2.
 *
 *   bun scripts/fit-judge/fit-judge.ts            # cross-validate, print, write the coefficients
 *   bun scripts/fit-judge/fit-judge.ts --no-write # cross-validate and print only
 *   bun scripts/fit-judge/fit-judge.ts --no-grammar  # skip the Harper variant (quick)
 *   bun scripts/fit-judge/fit-judge.ts --linted-only # only the essays Harper has linted so far (never writes)
 *
 * Harper's counts are cached under .data/fit-judge; to fill that cache on every core first:
 *   bun scripts/fit-judge/lint-shard.ts 0 2 & bun scripts/fit-judge/lint-shard.ts 1 2; wait
 * Knobs: FIT_PENALTY (L2), FIT_ASAP_SHARE, FIT_PARTNERS, FIT_DROP=feature,feature (leave features out).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type FeatureName, GRAMMAR_FEATURES, grammarErrorRate } from "@shared/text-analysis/essay-profile.ts";
import type { JudgeCoefficients } from "../../services/llm-provider/src/domain/judge-model.ts";
import { ENGLISH_MODEL_FEATURES, SWEDISH_MODEL_FEATURES } from "../../services/llm-provider/src/domain/judge-model.ts";
import { cachedHarperCounts, harperCountsAll } from "./grammar-counts.ts";
import { type Corpus, DEFAULT_FIT, type FitOptions, fitJudge, type HeldOutRow, heldOutRows, loadCorpus } from "./judge-fit.ts";

const log = (line: string) => console.error(`[fit-judge] ${line}`);
// Penalty 5 beat 20 and 100, ASAP share 0.65 beat 0.5 and 0.7 on the held-out mean (see the commits).
const FIT: FitOptions = {
  penalty: Number(process.env.FIT_PENALTY ?? DEFAULT_FIT.penalty),
  asapShare: Number(process.env.FIT_ASAP_SHARE ?? DEFAULT_FIT.asapShare),
  partners: Number(process.env.FIT_PARTNERS ?? DEFAULT_FIT.partners),
  hidden: Number(process.env.FIT_HIDDEN ?? 0),
  hiddenPenalty: Number(process.env.FIT_HIDDEN_PENALTY ?? 0.001),
  epochs: Number(process.env.FIT_EPOCHS ?? 20),
};

let corpus: Corpus = await loadCorpus(log);
// The committed model has no grammar feature; --no-grammar skips Harper and the + grammar variant.
const WITH_GRAMMAR = !process.argv.includes("--no-grammar");
const LINTED_ONLY = process.argv.includes("--linted-only");
if (WITH_GRAMMAR) corpus = await withGrammarErrorRate(corpus);
// FIT_DROP=a,b leaves features out of every model (for trying a smaller set).
const DROPPED = new Set((process.env.FIT_DROP ?? "").split(",").filter(Boolean));

/**
 * Harper's grammar findings per 100 words, as the judge measures them (cached under .data/).
 * --linted-only lints nothing: it keeps the essays already in the cache (a random sample of each
 * prompt when the cache is not full), for a quick comparison; it never writes coefficients.
 */
async function withGrammarErrorRate({ essays, profiles }: Corpus): Promise<Corpus> {
  const texts = essays.map((e) => e.text);
  const counts = LINTED_ONLY ? cachedHarperCounts(texts) : await harperCountsAll(texts, log);
  const kept = counts.flatMap((c, i) => (c === undefined ? [] : [i]));
  if (kept.length < essays.length) log(`--linted-only: ${kept.length} of ${essays.length} essays have Harper counts`);
  return {
    essays: kept.map((i) => essays[i]!),
    profiles: kept.map((i) => {
      const row = profiles[i]!;
      const words = Math.round(Math.expm1(row.log_words ?? 0));
      return { ...row, grammar_error_rate: grammarErrorRate(counts[i]!.grammar, words) };
    }),
  };
}

/**
 * How well the judge's probability matches how often the held-out human scores agree with it:
 * over all held-out pairs whose scores differ, accuracy and expected calibration error (10 bins).
 */
function pairCalibration() {
  const { essays } = corpus;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, hits: 0 }));
  return {
    add(held: readonly number[], score: (i: number) => number) {
      for (let x = 0; x < held.length; x++) {
        for (let y = x + 1; y < held.length; y++) {
          const a = held[x]!;
          const b = held[y]!;
          if (essays[a]!.score === essays[b]!.score) continue;
          const p = 1 / (1 + Math.exp(score(b) - score(a)));
          const [conf, right] = p >= 0.5 ? [p, essays[a]!.score > essays[b]!.score] : [1 - p, essays[b]!.score > essays[a]!.score];
          const bin = bins[Math.min(9, Math.floor(conf * 10))]!;
          bin.n++;
          bin.p += conf;
          if (right) bin.hits++;
        }
      }
    },
    report() {
      const total = bins.reduce((s, b) => s + b.n, 0);
      const ece = bins.reduce((s, b) => s + (b.n === 0 ? 0 : Math.abs(b.hits / b.n - b.p / b.n) * b.n), 0) / total;
      const accuracy = bins.reduce((s, b) => s + b.hits, 0) / total;
      return `\nHeld-out pairs with different human scores: ${total}; the judge picks the higher one in ${(accuracy * 100).toFixed(1)}%; expected calibration error of its probability ${ece.toFixed(3)}.`;
    },
  };
}

/** Leave-one-prompt-out: each ASAP prompt, then ELLIPSE as the mean over its prompts. */
function crossValidate(names: readonly FeatureName[]): { rows: HeldOutRow[]; calibration: string } {
  const calibration = pairCalibration();
  const rows = heldOutRows(corpus, names, FIT, (held, score) => calibration.add(held, score));
  return { rows, calibration: calibration.report() };
}

const f3 = (x: number) => (Number.isNaN(x) ? "–" : x.toFixed(3));

/** Held-out Spearman of several feature sets side by side, with their mean over the held-out rows. */
function printComparison(title: string, variants: readonly { label: string; rows: readonly HeldOutRow[] }[]) {
  console.log(`\n## ${title}: leave-one-prompt-out Spearman with the human score`);
  console.log(`| prompt | essays | ${variants.map((v) => v.label).join(" | ")} | length alone | rater 1 vs 2 |`);
  console.log(`| --- | --- | ${variants.map(() => "---").join(" | ")} | --- | --- |`);
  const first = variants[0]!.rows;
  first.forEach((row, r) => {
    console.log(`| ${row.prompt} | ${row.essays} | ${variants.map((v) => f3(v.rows[r]!.judge)).join(" | ")} | ${f3(row.length)} | ${f3(row.raters)} |`);
  });
  const mean = (rows: readonly HeldOutRow[], k: "judge" | "length") => rows.reduce((s, x) => s + x[k], 0) / rows.length;
  console.log(`| mean of the ${first.length} rows | | ${variants.map((v) => f3(mean(v.rows, "judge"))).join(" | ")} | ${f3(mean(first, "length"))} | |`);
  const worst = (rows: readonly HeldOutRow[]) => Math.min(...rows.filter((x) => x.prompt.startsWith("asap")).map((x) => x.judge - x.length));
  console.log(`| worst ASAP margin over length | | ${variants.map((v) => f3(worst(v.rows))).join(" | ")} | | |`);
}

function coefficientsFile(names: readonly FeatureName[], language: "en" | "sv", note: string): JudgeCoefficients {
  const all = corpus.essays.map((_, i) => i);
  const model = fitJudge(corpus, names, all, FIT);
  return {
    version: 1,
    language,
    note,
    fitted_on: "ASAP-AES prompts 2-8 and ELLIPSE (22 prompts), pairwise logistic regression on feature differences",
    features: names.map((name, j) => ({
      name,
      mean: round(model.means[j]!),
      sd: round(model.sds[j]!),
      weight: round(model.weights[j]!),
    })),
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const SWEDISH_FEATURES = SWEDISH_MODEL_FEATURES.filter((n) => !DROPPED.has(n));
const meanJudge = (rows: readonly HeldOutRow[]) => rows.reduce((s, x) => s + x.judge, 0) / rows.length;

// The committed model's features; the grammar variant adds Harper's rate for comparison.
const ENGLISH = ENGLISH_MODEL_FEATURES.filter((n) => !DROPPED.has(n));
const base = crossValidate(ENGLISH);
const withGrammar = WITH_GRAMMAR ? crossValidate([...ENGLISH, ...GRAMMAR_FEATURES]) : undefined;
printComparison("English model", [
  { label: "without grammar", rows: base.rows },
  ...(withGrammar ? [{ label: "+ grammar_error_rate", rows: withGrammar.rows }] : []),
]);
console.log((withGrammar ?? base).calibration);
log(`held-out mean: without grammar ${meanJudge(base.rows).toFixed(4)}${withGrammar ? `, + grammar ${meanJudge(withGrammar.rows).toFixed(4)}` : ""}`);
if (!process.argv.includes("--english-only")) {
  const swedish = crossValidate(SWEDISH_FEATURES);
  printComparison("Language-independent model (used for Swedish)", [{ label: "judge", rows: swedish.rows }]);
  console.log(swedish.calibration);
}

if (!process.argv.includes("--no-write") && !LINTED_ONLY) {
  const dir = path.resolve(import.meta.dir, "../../services/llm-provider/src/domain/judge-coefficients");
  writeFileSync(path.join(dir, "en.json"), `${JSON.stringify(coefficientsFile(ENGLISH, "en", "All English features."), null, 2)}\n`);
  writeFileSync(
    path.join(dir, "sv.json"),
    `${JSON.stringify(coefficientsFile(SWEDISH_FEATURES, "sv", "Fitted on English essays with the features we can measure in Swedish (no frequency list, no tagger)."), null, 2)}\n`,
  );
  log(`wrote ${dir}/{en,sv}.json`);
}
