/**
 * The judge's fit on the development corpora, shared by fit-judge.ts (which writes the coefficients)
 * and diagnose.ts (which compares variants): the corpus with its measured profiles, the pairwise
 * training pairs, one fit, and leave-one-prompt-out rows.
 */
import { promptCoverageOf } from "@shared/text-analysis/essay-profile.ts";
import { contentStems } from "@shared/text-analysis/words.ts";
import { createRng } from "../../services/cj-assessment/src/domain/random.ts";
import { spearman } from "../../services/cj-assessment/src/domain/ranking.ts";
import { fitPairwiseLogistic, type TrainingPair } from "./pairwise-logistic.ts";
import { fitPairwiseMlp, mlpAbility } from "./pairwise-mlp.ts";
import { type FeatureRow, measureAll } from "./profiles.ts";
import { loadAsap, loadEllipse, type ScoredEssay, sharedDataDir } from "./real-essays.ts";

/** One essay's feature values by name: the measured profile, and any feature a script derives (e.g. batch-relative). */
export type ProfileRow = Readonly<Partial<Record<string, number>>>;

export interface Corpus {
  essays: ScoredEssay[];
  profiles: ProfileRow[];
}

export interface FitOptions {
  /** L2 penalty on the standardised weights. */
  readonly penalty?: number;
  /** Share of the training weight on ASAP (native writers) vs ELLIPSE (learners). */
  readonly asapShare?: number;
  readonly partners?: number;
  /** Multiplies the penalty of the named features (0: unpenalised). */
  readonly penaltyScale?: Partial<Record<string, number>>;
  /** Features whose weight may not be negative (active set: a negative one is fixed at 0 and the rest refitted). */
  readonly nonNegative?: readonly string[];
  /** Standardise every feature within each prompt instead of over the training set (diagnostic). */
  readonly perPrompt?: boolean;
  /** Shrink towards the length-only model (log_words' own fitted weight) instead of towards 0. */
  readonly anchorLength?: boolean;
  /** Scored as if these were not measured (at the training mean), as the judge does without prompt text. */
  readonly absentWhenScoring?: readonly string[];
  /** Each essay's class-sized batch: training pairs are drawn within a batch, as CJ compares them. */
  readonly batchOf?: Int32Array;
  /** > 0: a tanh layer on top of the linear score (RankNet), warm-started from the linear fit. */
  readonly hidden?: number;
  readonly hiddenPenalty?: number;
  readonly epochs?: number;
}

export const DEFAULT_FIT = { penalty: 5, asapShare: 0.65, partners: 4 } as const;

/** Every essay of ASAP 2-8 and ELLIPSE with its measured profile and, for the fit, topic coverage. */
export async function loadCorpus(log: (line: string) => void): Promise<Corpus> {
  const dataDir = sharedDataDir();
  if (!dataDir) {
    console.error("[fit-judge] ../shared/data is not on this machine (set HULEEDU_SHARED_DATA): nothing to fit.");
    process.exit(2);
  }
  const essays = [...loadAsap(dataDir), ...loadEllipse(dataDir)];
  log(`${essays.length} essays in ${new Set(essays.map((e) => e.group)).size} prompts`);
  const profiles = await measureAll(essays, log);
  addTopicCoverage(essays, profiles);
  return { essays, profiles };
}

/**
 * The corpora carry no prompt texts, so relevance is fitted against each prompt's topic words: the
 * content stems most essays of that prompt use (no scores involved). At run time the judge measures
 * coverage of the real prompt and instructions instead.
 */
function addTopicCoverage(essays: readonly ScoredEssay[], profiles: FeatureRow[], topicWords = 25) {
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

function meanSd(values: readonly number[]) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) || 1;
  return { mean, sd };
}

function design(corpus: Corpus, names: readonly string[], train: readonly number[], perPrompt: boolean) {
  const { essays, profiles } = corpus;
  const stats = names.map((n) => meanSd(train.map((i) => profiles[i]![n] ?? 0)));
  const x = profiles.map((r) => Float64Array.from(names, (n, j) => ((r[n] ?? 0) - stats[j]!.mean) / stats[j]!.sd));
  if (perPrompt) {
    const byGroup = new Map<string, number[]>();
    essays.forEach((e, i) => byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), i]));
    for (const members of byGroup.values()) {
      names.forEach((n, j) => {
        const { mean, sd } = meanSd(members.map((i) => profiles[i]![n] ?? 0));
        for (const i of members) x[i]![j] = ((profiles[i]![n] ?? 0) - mean) / sd;
      });
    }
  }
  return { x, means: stats.map((s) => s.mean), sds: stats.map((s) => s.sd) };
}

/** Pairs within each prompt, each corpus carrying its share of the total weight and each prompt its share of that. */
export function trainingPairs(
  essays: readonly ScoredEssay[], indices: readonly number[], seed: number, partners: number, asapShare: number, batchOf?: Int32Array,
): TrainingPair[] {
  const random = createRng(seed);
  const byGroup = new Map<string, number[]>();
  for (const i of indices) byGroup.set(essays[i]!.group, [...(byGroup.get(essays[i]!.group) ?? []), i]);
  const groupsPerCorpus = new Map<string, number>();
  for (const g of byGroup.keys()) groupsPerCorpus.set(essays[byGroup.get(g)![0]!]!.corpus, (groupsPerCorpus.get(essays[byGroup.get(g)![0]!]!.corpus) ?? 0) + 1);
  const pairs: TrainingPair[] = [];
  for (const members of byGroup.values()) {
    const corpus = essays[members[0]!]!.corpus;
    const groupPairs: { a: number; b: number; aHigher: boolean }[] = [];
    const batches = new Map<number, number[]>();
    if (batchOf) for (const i of members) batches.set(batchOf[i]!, [...(batches.get(batchOf[i]!) ?? []), i]);
    for (const a of members) {
      const pool = batchOf ? batches.get(batchOf[a]!)! : members;
      for (let t = 0; t < partners * 3 && groupPairs.length < members.length * partners; t++) {
        const b = pool[Math.floor(random() * pool.length)]!;
        if (essays[a]!.score === essays[b]!.score) continue;
        groupPairs.push({ a, b, aHigher: essays[a]!.score > essays[b]!.score });
      }
    }
    const corpusShare = corpus === "asap" ? asapShare : 1 - asapShare;
    const weight = (1000 * corpusShare) / groupsPerCorpus.get(corpus)! / Math.max(1, groupPairs.length);
    for (const p of groupPairs) pairs.push({ ...p, weight });
  }
  return pairs;
}

/** A fitted linear judge: standardisation, weights, and each essay's score and per-feature contribution. */
export interface JudgeFit {
  readonly weights: Float64Array;
  readonly means: readonly number[];
  readonly sds: readonly number[];
  score(i: number): number;
  contribution(i: number, feature: number): number;
}

export function fitJudge(corpus: Corpus, names: readonly string[], train: readonly number[], options: FitOptions = {}): JudgeFit {
  const { penalty, asapShare, partners } = { ...DEFAULT_FIT, ...options };
  const { x, means, sds } = design(corpus, names, train, options.perPrompt ?? false);
  const pairs = trainingPairs(corpus.essays, train, 7, partners, asapShare, options.batchOf);
  const penalties = Float64Array.from(names, (n) => penalty * (options.penaltyScale?.[n] ?? 1));
  const constrained = new Set(options.nonNegative ?? []);
  const fixed = new Set<number>();
  let prior: Float64Array | undefined;
  const lengthColumn = names.indexOf("log_words");
  if (options.anchorLength && lengthColumn >= 0) {
    const alone = fitPairwiseLogistic(x.map((r) => Float64Array.of(r[lengthColumn]!)), pairs, penalty).weights[0]!;
    prior = new Float64Array(names.length);
    prior[lengthColumn] = alone;
  }
  let weights = fitPairwiseLogistic(x, pairs, penalties, 30, new Set(), prior).weights;
  for (let round = 0; round < names.length; round++) {
    const wrong = names.flatMap((n, j) => (constrained.has(n) && !fixed.has(j) && weights[j]! < 0 ? [j] : []));
    if (wrong.length === 0) break;
    for (const j of wrong) fixed.add(j);
    weights = fitPairwiseLogistic(x, pairs, penalties, 30, fixed, prior).weights;
  }
  const w = weights;
  const absent = new Set(options.absentWhenScoring ?? []);
  const scored = Float64Array.from(names, (n, j) => (absent.has(n) ? 0 : w[j]!));
  const linear = { weights: w, means, sds, contribution: (i: number, j: number) => x[i]![j]! * w[j]! };
  if ((options.hidden ?? 0) > 0) {
    const totalWeight = pairs.reduce((s, p) => s + p.weight, 0);
    const mlp = fitPairwiseMlp(x, pairs, {
      hidden: options.hidden!, linearPenalty: penalty / totalWeight, hiddenPenalty: options.hiddenPenalty ?? 0.001,
      epochs: options.epochs ?? 20, seed: 11, warmLinear: w,
    });
    return { ...linear, weights: mlp.linear, score: (i) => mlpAbility(mlp, x[i]!) };
  }
  return { ...linear, score: (i) => x[i]!.reduce((s, v, j) => s + v * scored[j]!, 0) };
}

/** One held-out prompt (ELLIPSE: the mean over its prompts): Spearman of the judge, length, raters. */
export interface HeldOutRow {
  readonly prompt: string;
  readonly essays: number;
  readonly judge: number;
  readonly length: number;
  readonly raters: number;
}

/** Leave-one-prompt-out: each ASAP prompt, then ELLIPSE as the mean over its prompts. */
export function heldOutRows(
  corpus: Corpus,
  names: readonly string[],
  options: FitOptions = {},
  onHeldOut?: (held: readonly number[], score: (i: number) => number) => void,
  ellipseFolds?: number,
): HeldOutRow[] {
  const { essays, profiles } = corpus;
  const groups = [...new Set(essays.map((e) => e.group))];
  const rows: HeldOutRow[] = [];
  const ellipse: HeldOutRow[] = [];
  // Folds of prompts held out together: each ASAP prompt alone; ELLIPSE's one by one, or in
  // `ellipseFolds` folds for a quicker screen.
  const ellipseGroups = groups.filter((g) => g.startsWith("ellipse"));
  const folds = [
    ...groups.filter((g) => !g.startsWith("ellipse")).map((g) => [g]),
    ...(ellipseFolds ? Array.from({ length: ellipseFolds }, (_, f) => ellipseGroups.filter((_, k) => k % ellipseFolds === f)) : ellipseGroups.map((g) => [g])),
  ];
  for (const fold of folds) {
    const inFold = new Set(fold);
    const train = essays.flatMap((e, i) => (inFold.has(e.group) ? [] : [i]));
    const model = fitJudge(corpus, names, train, options);
    for (const g of fold) {
      const held = essays.flatMap((e, i) => (e.group === g ? [i] : []));
      if (held.length < 10) continue;
      onHeldOut?.(held, model.score);
      const human = held.map((i) => essays[i]!.score);
      const raters = essays[held[0]!]!.raters ? held.map((i) => essays[i]!.raters!) : undefined;
      const row = {
        prompt: g,
        essays: held.length,
        judge: spearman(held.map(model.score), human),
        length: spearman(held.map((i) => profiles[i]!.log_words ?? 0), human),
        raters: raters ? spearman(raters.map((r) => r[0]), raters.map((r) => r[1])) : Number.NaN,
      };
      (g.startsWith("ellipse") ? ellipse : rows).push(row);
    }
  }
  const mean = (k: "judge" | "length") => ellipse.reduce((s, e) => s + e[k], 0) / ellipse.length;
  rows.push({
    prompt: `ELLIPSE (mean of ${ellipse.length} prompts)`,
    essays: ellipse.reduce((s, e) => s + e.essays, 0),
    judge: mean("judge"),
    length: mean("length"),
    raters: Number.NaN,
  });
  return rows;
}
