/**
 * Why the held-out judge loses to length on some prompts: leave-one-prompt-out of the judge's score
 * (what CJ reproduces), per-feature ablation on the held-out prompt, within-prompt feature
 * Spearman, and fitting variants side by side. Reads ../shared/data at run time; writes nothing.
 *
 *   bun scripts/fit-judge/diagnose.ts [ablation|features|variants]...
 *   bun scripts/fit-judge/diagnose.ts batch [batch variants]...  (batch-relative features, batches of 30)
 */
import { type FeatureName } from "@shared/text-analysis/essay-profile.ts";
import { ENGLISH_MODEL_FEATURES } from "../../services/llm-provider/src/domain/judge-model.ts";
import { spearman } from "../../services/cj-assessment/src/domain/ranking.ts";
import { BATCH_SIZE, batchHeldOutRows } from "./batch-relative.ts";
import { type JudgeFit, fitJudge, heldOutRows, type HeldOutRow, loadCorpus, type FitOptions } from "./judge-fit.ts";

const log = (line: string) => console.error(`[diagnose] ${line}`);
const corpus = await loadCorpus(log);
const { essays, profiles } = corpus;
const want = new Set(process.argv.slice(2));
const f3 = (x: number) => (Number.isNaN(x) ? "–" : x.toFixed(3));
const groups = [...new Set(essays.map((e) => e.group))];
const asapGroups = groups.filter((g) => g.startsWith("asap"));
const indicesOf = (g: string) => essays.flatMap((e, i) => (e.group === g ? [i] : []));
const human = (idx: readonly number[]) => idx.map((i) => essays[i]!.score);

if (want.has("features")) {
  console.log("\n## Within-prompt Spearman of each feature with the human score");
  console.log(`| feature | ${asapGroups.join(" | ")} | ELLIPSE mean |`);
  console.log(`| --- | ${asapGroups.map(() => "---").join(" | ")} | --- |`);
  const ellipse = groups.filter((g) => g.startsWith("ellipse"));
  for (const n of ENGLISH_MODEL_FEATURES) {
    const rho = (g: string) => { const idx = indicesOf(g); return spearman(idx.map((i) => profiles[i]![n] ?? 0), human(idx)); };
    const e = ellipse.reduce((s, g) => s + rho(g), 0) / ellipse.length;
    console.log(`| ${n} | ${asapGroups.map((g) => f3(rho(g))).join(" | ")} | ${f3(e)} |`);
  }
}

if (want.has("ablation")) {
  const options: FitOptions = {};
  for (const g of ["asap-2", "asap-5", "asap-8", "asap-3"]) {
    const held = indicesOf(g);
    const train = essays.flatMap((e, i) => (e.group === g ? [] : [i]));
    const model: JudgeFit = fitJudge(corpus, ENGLISH_MODEL_FEATURES, train, options);
    const scores = held.map((i) => model.score(i));
    const base = spearman(scores, human(held));
    console.log(`\n## ${g} held out: judge ρ ${f3(base)}, length ρ ${f3(spearman(held.map((i) => profiles[i]!.log_words ?? 0), human(held)))}`);
    console.log("| feature | weight (per SD, fit without this prompt) | SD here / SD in training | ρ without its contribution | Δρ | feature ρ here |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    const rows = ENGLISH_MODEL_FEATURES.map((n, j) => {
      const contribution = held.map((i) => model.contribution(i, j));
      const without = spearman(scores.map((s, k) => s - contribution[k]!), human(held));
      const values = held.map((i) => profiles[i]![n] ?? 0);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      return { n, w: model.weights[j]!, sdRatio: sd / model.sds[j]!, without, rho: spearman(values, human(held)) };
    }).sort((a, b) => b.without - a.without);
    for (const r of rows) console.log(`| ${r.n} | ${f3(r.w)} | ${f3(r.sdRatio)} | ${f3(r.without)} | ${f3(r.without - base)} | ${f3(r.rho)} |`);
  }
}

/** Named fitting variants; each is a full leave-one-prompt-out run. */
const HINGES: readonly FeatureName[] = ["length_beyond_150", "length_beyond_300", "length_beyond_500"];
const LENGTH: readonly FeatureName[] = ["log_words", ...HINGES];
const DEVELOPMENT: readonly FeatureName[] = [...LENGTH, "log_types", "log_long_words", "log_sentences", "log_paragraphs"];
const VARIANTS: Record<string, { names: readonly FeatureName[]; options: FitOptions }> = {
  base: { names: ENGLISH_MODEL_FEATURES, options: {} },
  length_only: { names: ["log_words"], options: {} },
  length_hinges: { names: LENGTH, options: {} },
  no_hinges: { names: ENGLISH_MODEL_FEATURES.filter((n) => !HINGES.includes(n)), options: {} },
  monotone_length: { names: ENGLISH_MODEL_FEATURES, options: { nonNegative: DEVELOPMENT } },
  monotone_hinges: { names: ENGLISH_MODEL_FEATURES, options: { nonNegative: HINGES } },
  free_length: { names: ENGLISH_MODEL_FEATURES, options: { penaltyScale: { log_words: 0, length_beyond_150: 0, length_beyond_300: 0, length_beyond_500: 0 } } },
  per_prompt: { names: ENGLISH_MODEL_FEATURES, options: { perPrompt: true } },
  base_no_prompt: { names: ENGLISH_MODEL_FEATURES, options: { absentWhenScoring: ["prompt_coverage"] } },
  anchored_20: { names: ENGLISH_MODEL_FEATURES, options: { anchorLength: true, penalty: 20 } },
  anchored_50: { names: ENGLISH_MODEL_FEATURES, options: { anchorLength: true, penalty: 50 } },
  asap_only: { names: ENGLISH_MODEL_FEATURES, options: { asapShare: 0.999 } },
  share_80: { names: ENGLISH_MODEL_FEATURES, options: { asapShare: 0.8 } },
  anchored_20_share_80: { names: ENGLISH_MODEL_FEATURES, options: { anchorLength: true, penalty: 20, asapShare: 0.8 } },
  no_tags: { names: ENGLISH_MODEL_FEATURES.filter((n) => !n.startsWith("pos_") && !n.startsWith("bigram_")), options: {} },
  anchored_20_no_tags: { names: ENGLISH_MODEL_FEATURES.filter((n) => !n.startsWith("pos_") && !n.startsWith("bigram_")), options: { anchorLength: true, penalty: 20 } },
  anchored_20_hinges_free: { names: ENGLISH_MODEL_FEATURES, options: { anchorLength: true, penalty: 20, penaltyScale: { length_beyond_150: 0.05, length_beyond_300: 0.05, length_beyond_500: 0.05 } } },
  anchored_20_share_80_no_tags: { names: ENGLISH_MODEL_FEATURES.filter((n) => !n.startsWith("pos_") && !n.startsWith("bigram_")), options: { anchorLength: true, penalty: 20, asapShare: 0.8 } },
  development_only: { names: DEVELOPMENT, options: {} },
  no_paragraphs: { names: ENGLISH_MODEL_FEATURES.filter((n) => n !== "log_paragraphs"), options: {} },
};

function printVariants(results: readonly { label: string; rows: readonly Pick<HeldOutRow, "prompt" | "judge" | "length">[] }[]) {
  const first = results[0]!.rows;
  console.log(`\n| variant | ${first.map((r) => r.prompt.replace(" (mean of 22 prompts)", "")).join(" | ")} | mean | worst ASAP margin |`);
  console.log(`| --- | ${first.map(() => "---").join(" | ")} | --- | --- |`);
  console.log(`| length alone | ${first.map((r) => f3(r.length)).join(" | ")} | ${f3(first.reduce((s, r) => s + r.length, 0) / first.length)} | |`);
  for (const { label, rows } of results) {
    const mean = rows.reduce((s, r) => s + r.judge, 0) / rows.length;
    const worst = Math.min(...rows.filter((r) => r.prompt.startsWith("asap")).map((r) => r.judge - r.length));
    console.log(`| ${label} | ${rows.map((r) => f3(r.judge)).join(" | ")} | ${f3(mean)} | ${f3(worst)} |`);
  }
}

// DIAG_ELLIPSE_FOLDS=3: ELLIPSE's prompts held out in 3 folds (10 fits instead of 28) for a quick screen.
const ELLIPSE_FOLDS = process.env.DIAG_ELLIPSE_FOLDS ? Number(process.env.DIAG_ELLIPSE_FOLDS) : undefined;
const chosen = want.has("batch") ? [] : [...want].filter((w) => w !== "features" && w !== "ablation");
if (chosen.length > 0) {
  const results = [];
  for (const label of chosen) {
    const v = VARIANTS[label];
    if (!v) { log(`unknown variant ${label}`); continue; }
    const started = performance.now();
    results.push({ label, rows: heldOutRows(corpus, v.names, v.options, undefined, ELLIPSE_FOLDS) });
    log(`${label}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  printVariants(results);
}

/** Batch-relative variants (batch-relative.ts): `bun scripts/fit-judge/diagnose.ts batch [variant...]`. */
const ABSOLUTE_HINGES = new Set<string>(HINGES);
const WITHOUT_HINGES = ENGLISH_MODEL_FEATURES.filter((n) => !ABSOLUTE_HINGES.has(n));
const BATCH_HINGES = ["beyond_batch_q25", "beyond_batch_q50", "beyond_batch_q75"];
const BATCH_VARIANTS: Record<string, { names: readonly string[]; options?: FitOptions; promptPairs?: boolean }> = {
  committed: { names: ENGLISH_MODEL_FEATURES, promptPairs: true },
  committed_batch_pairs: { names: ENGLISH_MODEL_FEATURES },
  batch_hinges: { names: [...WITHOUT_HINGES, ...BATCH_HINGES] },
  both_hinges: { names: [...ENGLISH_MODEL_FEATURES, ...BATCH_HINGES] },
  batch_z: { names: [...WITHOUT_HINGES, "batch_length_z"] },
  batch_hinges_z: { names: [...WITHOUT_HINGES, ...BATCH_HINGES, "batch_length_z"] },
  batch_percentile: { names: [...ENGLISH_MODEL_FEATURES, "batch_length_percentile"] },
  both_hinges_shrunk: { names: [...ENGLISH_MODEL_FEATURES, ...BATCH_HINGES], options: { penaltyScale: { beyond_batch_q25: 10, beyond_batch_q50: 10, beyond_batch_q75: 10 } } },
  slope_by_batch_median: { names: [...ENGLISH_MODEL_FEATURES, "length_x_batch_median"] },
  batch_z_all: { names: WITHOUT_HINGES.map((n) => `batch_z:${n}`) },
  plus_batch_z_length_family: { names: [...ENGLISH_MODEL_FEATURES, ...DEVELOPMENT.filter((n) => !ABSOLUTE_HINGES.has(n)).map((n) => `batch_z:${n}`)] },
  plus_batch_pct_length_family: { names: [...ENGLISH_MODEL_FEATURES, ...DEVELOPMENT.filter((n) => !ABSOLUTE_HINGES.has(n)).map((n) => `batch_pct:${n}`)] },
  batch_hinges_slope: { names: [...WITHOUT_HINGES, ...BATCH_HINGES, "length_x_batch_median"] },
};
if (want.has("batch")) {
  const labels = [...want].filter((w) => BATCH_VARIANTS[w]);
  const results = (labels.length > 0 ? labels : Object.keys(BATCH_VARIANTS)).map((label) => {
    const v = BATCH_VARIANTS[label]!;
    const started = performance.now();
    const rows = batchHeldOutRows(corpus, v.names, v.options ?? {}, { ellipseFolds: ELLIPSE_FOLDS, pairsWithinBatch: !v.promptPairs });
    log(`${label}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { label, rows };
  });
  console.log(`\n## Batches of ${BATCH_SIZE}, leave-one-prompt-out: mean within-batch Spearman with the human score`);
  printVariants(results);
  console.log("\n## The same fits, Spearman over the whole held-out prompt (each essay measured against its own batch)");
  printVariants(results.map(({ label, rows }) => ({ label, rows: rows.map((r) => ({ prompt: r.prompt, judge: r.pooled, length: r.pooledLength })) })));
}
