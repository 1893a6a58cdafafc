/**
 * Fits the local judge's weights on the real development essays in ../shared/data and writes the
 * coefficients files the judge loads. Leave-one-prompt-out: every prompt is scored by a model that
 * never saw it, and its Spearman with the human score is printed beside essay length alone and
 * (ASAP) rater 1 vs rater 2.
 *
 *   bun scripts/fit-judge/fit-judge.ts            # cross-validate, print, write the coefficients
 *   bun scripts/fit-judge/fit-judge.ts --no-write # cross-validate and print only
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type FeatureName, promptCoverageOf, TAG_FEATURES } from "@shared/text-analysis/essay-profile.ts";
import { contentStems } from "@shared/text-analysis/words.ts";
import type { JudgeCoefficients } from "../../services/llm-provider/src/domain/judge-model.ts";
import { ENGLISH_MODEL_FEATURES, SWEDISH_MODEL_FEATURES } from "../../services/llm-provider/src/domain/judge-model.ts";
import { fitPairwiseLogistic, type TrainingPair } from "./pairwise-logistic.ts";
import { type FeatureRow, measureAll } from "./profiles.ts";
import { spearman } from "./rank-correlation.ts";
import { loadAsap, loadEllipse, type ScoredEssay, sharedDataDir } from "./real-essays.ts";

const PARTNERS_PER_ESSAY = Number(process.env.FIT_PARTNERS ?? 4);
const PENALTY = Number(process.env.FIT_PENALTY ?? 20);
// Share of the training weight on ASAP (native writers) vs ELLIPSE (learners).
const ASAP_SHARE = Number(process.env.FIT_ASAP_SHARE ?? 0.5);
const log = (line: string) => console.error(`[fit-judge] ${line}`);

const dataDir = sharedDataDir();
if (!dataDir) {
  console.error("[fit-judge] ../shared/data is not on this machine (set HULEEDU_SHARED_DATA): nothing to fit.");
  process.exit(2);
}
const essays: ScoredEssay[] = [...loadAsap(dataDir), ...loadEllipse(dataDir)];
log(`${essays.length} essays in ${new Set(essays.map((e) => e.group)).size} prompts`);
const profiles = await measureAll(essays, log);
addTopicCoverage();

/**
 * The corpora carry no prompt texts, so relevance is fitted against each prompt's topic words: the
 * content stems most essays of that prompt use (no scores involved). At run time the judge measures
 * coverage of the real prompt and instructions instead.
 */
function addTopicCoverage(topicWords = 25) {
  const stemsOf = essays.map((e) => contentStems(e.text, "en"));
  const byGroup = new Map<string, number[]>();
  essays.forEach((e, i) => byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), i]));
  for (const members of byGroup.values()) {
    const documentFrequency = new Map<string, number>();
    for (const i of members) for (const stem of stemsOf[i]!) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
    const topic = new Set([...documentFrequency].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, topicWords).map(([s]) => s));
    for (const i of members) profiles[i] = { ...profiles[i]!, prompt_coverage: promptCoverageOf(topic, essays[i]!.text, "en") ?? 0 };
  }
}

function design(names: readonly FeatureName[], rows: readonly FeatureRow[], train: readonly number[]) {
  const means = names.map((n) => train.reduce((s, i) => s + (rows[i]![n] ?? 0), 0) / train.length);
  const sds = names.map((n, j) => {
    const v = train.reduce((s, i) => s + ((rows[i]![n] ?? 0) - means[j]!) ** 2, 0) / train.length;
    return Math.sqrt(v) || 1;
  });
  const x = rows.map((r) => Float64Array.from(names, (n, j) => ((r[n] ?? 0) - means[j]!) / sds[j]!));
  return { x, means, sds };
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pairs within each prompt, each corpus carrying half the total weight and each prompt its share of it. */
function trainingPairs(indices: readonly number[], seed: number): TrainingPair[] {
  const random = mulberry32(seed);
  const byGroup = new Map<string, number[]>();
  for (const i of indices) byGroup.set(essays[i]!.group, [...(byGroup.get(essays[i]!.group) ?? []), i]);
  const groupsPerCorpus = new Map<string, number>();
  for (const g of byGroup.keys()) groupsPerCorpus.set(essays[byGroup.get(g)![0]!]!.corpus, (groupsPerCorpus.get(essays[byGroup.get(g)![0]!]!.corpus) ?? 0) + 1);
  const pairs: TrainingPair[] = [];
  for (const members of byGroup.values()) {
    const corpus = essays[members[0]!]!.corpus;
    const groupPairs: { a: number; b: number; aHigher: boolean }[] = [];
    for (const a of members) {
      for (let t = 0; t < PARTNERS_PER_ESSAY * 3 && groupPairs.length < members.length * PARTNERS_PER_ESSAY; t++) {
        const b = members[Math.floor(random() * members.length)]!;
        if (essays[a]!.score === essays[b]!.score) continue;
        groupPairs.push({ a, b, aHigher: essays[a]!.score > essays[b]!.score });
      }
    }
    const corpusShare = corpus === "asap" ? ASAP_SHARE : 1 - ASAP_SHARE;
    const weight = (1000 * corpusShare) / groupsPerCorpus.get(corpus)! / Math.max(1, groupPairs.length);
    for (const p of groupPairs) pairs.push({ ...p, weight });
  }
  return pairs;
}

/**
 * Two experts and a gate. Native writers (ASAP) and learners (ELLIPSE) are scored by different
 * weights (length decides far more among natives); a per-essay logistic gate on learner-language
 * signals (errors, word frequency, tag sequences; never length or layout) mixes them. Each essay's
 * ability is still its own, so the judge stays Bradley–Terry-consistent and position-free.
 */
function fitModel(names: readonly FeatureName[], train: readonly number[]) {
  const { x, means, sds } = design(names, profiles, train);
  const native = fitPairwiseLogistic(x, trainingPairs(train.filter((i) => essays[i]!.corpus === "asap"), 7), PENALTY).weights;
  const learner = fitPairwiseLogistic(x, trainingPairs(train.filter((i) => essays[i]!.corpus === "ellipse"), 7), PENALTY).weights;
  const gateColumns = names.flatMap((n, j) => (GATE_FEATURES.has(n) ? [j] : []));
  const gate = fitGate(x, train, gateColumns);
  const learnerShare = (i: number) => 1 / (1 + Math.exp(-gateColumns.reduce((s, j, c) => s + x[i]![j]! * gate.weights[c]!, gate.bias)));
  const score = (i: number) => {
    const h = learnerShare(i);
    return x[i]!.reduce((s, v, j) => s + v * ((1 - h) * native[j]! + h * learner[j]!), 0);
  };
  const gateWeights = names.map((_, j) => (gateColumns.includes(j) ? gate.weights[gateColumns.indexOf(j)]! : 0));
  return { native, learner, gateWeights, gateBias: gate.bias, means, sds, score, learnerShare };
}

/** Logistic regression "is this a learner's essay?", both corpora weighted equally. */
function fitGate(x: readonly Float64Array[], train: readonly number[], columns: readonly number[]) {
  const rows = train.map((i) => Float64Array.from([1, ...columns.map((j) => x[i]![j]!)]));
  rows.push(new Float64Array(columns.length + 1));
  const zero = rows.length - 1;
  const learners = train.filter((i) => essays[i]!.corpus === "ellipse").length;
  const pairs: TrainingPair[] = train.map((i, r) => {
    const isLearner = essays[i]!.corpus === "ellipse";
    return { a: r, b: zero, aHigher: isLearner, weight: 1000 / (isLearner ? learners : train.length - learners) };
  });
  const { weights } = fitPairwiseLogistic(rows, pairs, 5);
  return { bias: weights[0]!, weights: weights.slice(1) };
}

/**
 * How well the judge's probability matches how often the held-out human scores agree with it:
 * over all held-out pairs whose scores differ, accuracy and expected calibration error (10 bins).
 */
function pairCalibration() {
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

/** Signals of learner language; length and layout are left out so that short or unparagraphed essays are not taken for learners. */
const GATE_FEATURES = new Set<FeatureName>([
  "spelling_error_rate", "spelling_beyond_5pct", "lowercase_i_rate", "mean_zipf", "rare_word_share", "mean_word_length",
  "repeated_word_rate", "lowercase_start_share", "commas_per_sentence", "mattr", ...TAG_FEATURES,
]);

const groups = [...new Set(essays.map((e) => e.group))];
const indicesOf = (g: string) => essays.flatMap((e, i) => (e.group === g ? [i] : []));

function crossValidate(names: readonly FeatureName[], label: string) {
  const calibration = pairCalibration();
  console.log(`\n## ${label}: leave-one-prompt-out Spearman with the human score`);
  console.log("| prompt | essays | judge | length alone | rater 1 vs 2 |");
  console.log("| --- | --- | --- | --- | --- |");
  const ellipse: { judge: number; length: number; n: number }[] = [];
  for (const g of groups) {
    const held = indicesOf(g);
    if (held.length < 10) continue;
    const train = essays.flatMap((e, i) => (e.group === g ? [] : [i]));
    const model = fitModel(names, train);
    const human = held.map((i) => essays[i]!.score);
    const judge = spearman(held.map(model.score), human);
    calibration.add(held, model.score);
    const length = spearman(held.map((i) => profiles[i]!.log_words ?? 0), human);
    if (g.startsWith("ellipse")) {
      ellipse.push({ judge, length, n: held.length });
      continue;
    }
    const raters = held.map((i) => essays[i]!.raters!);
    const rr = spearman(raters.map((r) => r[0]), raters.map((r) => r[1]));
    console.log(`| ${g} | ${held.length} | ${judge.toFixed(3)} | ${length.toFixed(3)} | ${rr.toFixed(3)} |`);
  }
  const mean = (k: "judge" | "length") => ellipse.reduce((s, e) => s + e[k], 0) / ellipse.length;
  console.log(calibration.report());
  console.log(`| ELLIPSE (mean of ${ellipse.length} prompts) | ${ellipse.reduce((s, e) => s + e.n, 0)} | ${mean("judge").toFixed(3)} | ${mean("length").toFixed(3)} | – |`);
}

function coefficientsFile(names: readonly FeatureName[], language: "en" | "sv", note: string): JudgeCoefficients {
  const all = essays.map((_, i) => i);
  const model = fitModel(names, all);
  const learnerShares = all.map(model.learnerShare);
  const meanShare = (corpus: string) => {
    const own = all.filter((i) => essays[i]!.corpus === corpus);
    return own.reduce((s, i) => s + learnerShares[i]!, 0) / own.length;
  };
  log(`${language} gate: mean learner share ${meanShare("asap").toFixed(2)} on ASAP, ${meanShare("ellipse").toFixed(2)} on ELLIPSE`);
  return {
    version: 2,
    language,
    note,
    gate_bias: round(model.gateBias),
    fitted_on: "ASAP-AES prompts 2-8 and ELLIPSE (22 prompts), pairwise logistic regression on feature differences",
    features: names.map((name, j) => ({
      name,
      mean: round(model.means[j]!),
      sd: round(model.sds[j]!),
      native_weight: round(model.native[j]!),
      learner_weight: round(model.learner[j]!),
      gate_weight: round(model.gateWeights[j]!),
    })),
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const SWEDISH_FEATURES = SWEDISH_MODEL_FEATURES;

crossValidate(ENGLISH_MODEL_FEATURES, "English model");
if (!process.argv.includes("--english-only")) crossValidate(SWEDISH_FEATURES, "Language-independent model (used for Swedish)");

if (!process.argv.includes("--no-write")) {
  const dir = path.resolve(import.meta.dir, "../../services/llm-provider/src/domain/judge-coefficients");
  writeFileSync(path.join(dir, "en.json"), `${JSON.stringify(coefficientsFile(ENGLISH_MODEL_FEATURES, "en", "All English features."), null, 2)}\n`);
  writeFileSync(
    path.join(dir, "sv.json"),
    `${JSON.stringify(coefficientsFile(SWEDISH_FEATURES, "sv", "Fitted on English essays with the features we can measure in Swedish (no frequency list, no tagger)."), null, 2)}\n`,
  );
  log(`wrote ${dir}/{en,sv}.json`);
}
