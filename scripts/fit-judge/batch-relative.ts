/**
 * Batch-relative features, tested offline: the judge sees one pair, but CJ knows the whole class.
 * Essays of each prompt are dealt into class-sized batches; a variant adds features measured
 * against the batch (length beyond the batch's quartiles, a robust z within the batch, ...), the
 * fit draws its pairs within batches, and each held-out prompt is scored batch by batch: the figure
 * is the mean within-batch Spearman, what a class's CJ ranking would show.
 */
import { createRng, shuffle } from "../../services/cj-assessment/src/domain/random.ts";
import { spearman } from "../../services/cj-assessment/src/domain/ranking.ts";
import { type Corpus, type FitOptions, fitJudge, type ProfileRow } from "./judge-fit.ts";
import type { ScoredEssay } from "./real-essays.ts";

export const BATCH_SIZE = 30;

/** Each essay's batch (a number unique over the corpus): each prompt dealt at random into near-equal batches of about `size`. */
export function dealBatches(essays: readonly ScoredEssay[], size: number, seed: number): Int32Array {
  const random = createRng(seed);
  const byGroup = new Map<string, number[]>();
  essays.forEach((e, i) => byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), i]));
  const batchOf = new Int32Array(essays.length);
  let next = 0;
  for (const members of byGroup.values()) {
    const order = shuffle(random, [...members]);
    const count = Math.max(1, Math.round(order.length / size));
    order.forEach((i, k) => (batchOf[i] = next + (k % count)));
    next += count;
  }
  return batchOf;
}

/** A feature derived from an essay's own profile and the lengths of its batch. */
export type BatchFeature = (row: ProfileRow, batchLogWords: readonly number[]) => number;

function quantile(sorted: readonly number[], p: number): number {
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!) * (at - lo);
}
const logWords = (row: ProfileRow) => row.log_words ?? 0;
const beyondQuantile = (p: number, offset = 0): BatchFeature => (row, batch) => Math.max(0, logWords(row) - quantile(batch, p) - offset);

export const BATCH_FEATURES: Record<string, BatchFeature> = {
  beyond_batch_q25: beyondQuantile(0.25),
  beyond_batch_q50: beyondQuantile(0.5),
  beyond_batch_q75: beyondQuantile(0.75),
  // Robust z of log length in its batch: the batch's IQR / 1.349, floored so a uniform batch does not explode.
  batch_length_z: (row, batch) => (logWords(row) - quantile(batch, 0.5)) / Math.max(0.15, (quantile(batch, 0.75) - quantile(batch, 0.25)) / 1.349),
  // Lets length's slope depend on how long this class's essays are (log 245 words ≈ 5.5).
  length_x_batch_median: (row, batch) => logWords(row) * (quantile(batch, 0.5) - 5.5),
  batch_length_percentile: (row, batch) => {
    const x = logWords(row);
    return (batch.filter((v) => v < x).length + 0.5 * (batch.filter((v) => v === x).length - 1)) / Math.max(1, batch.length - 1);
  },
};

/**
 * The profiles with the named batch features added, measured against each essay's batch under
 * `batchOf`: those of BATCH_FEATURES, and `batch_z:<feature>` / `batch_pct:<feature>` (any measured
 * feature's z or percentile within its batch).
 */
export function withBatchFeatures(profiles: readonly ProfileRow[], batchOf: Int32Array, names: readonly string[]): ProfileRow[] {
  const valuesOf = (feature: string) => {
    const byBatch = new Map<number, number[]>();
    profiles.forEach((row, i) => byBatch.set(batchOf[i]!, [...(byBatch.get(batchOf[i]!) ?? []), row[feature] ?? 0]));
    for (const l of byBatch.values()) l.sort((a, b) => a - b);
    return byBatch;
  };
  const lengths = valuesOf("log_words");
  const relative = names.flatMap((n) => {
    const m = /^batch_(z|pct):(.+)$/.exec(n);
    return m ? [{ name: n, kind: m[1]!, feature: m[2]!, batches: valuesOf(m[2]!) }] : [];
  });
  return profiles.map((row, i) => {
    const added: Record<string, number> = {};
    for (const n of names) if (BATCH_FEATURES[n]) added[n] = BATCH_FEATURES[n](row, lengths.get(batchOf[i]!)!);
    for (const { name, kind, feature, batches } of relative) {
      const batch = batches.get(batchOf[i]!)!;
      const x = row[feature] ?? 0;
      if (kind === "pct") {
        added[name] = (batch.filter((v) => v < x).length + 0.5 * (batch.filter((v) => v === x).length - 1)) / Math.max(1, batch.length - 1);
      } else {
        const mean = meanOf(batch);
        added[name] = (x - mean) / (Math.sqrt(meanOf(batch.map((v) => (v - mean) ** 2))) || 1);
      }
    }
    return { ...row, ...added };
  });
}

export interface BatchRow {
  readonly prompt: string;
  readonly batches: number;
  readonly judge: number;
  readonly length: number;
  /** Spearman over the whole held-out prompt, each essay scored against its own batch (mean over the dealings). */
  readonly pooled: number;
  readonly pooledLength: number;
}

const meanOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Leave-one-prompt-out on batches: the fit sees the other prompts (batch features and pairs from
 * one dealing), and the held-out prompt is dealt `dealings` times; each row is the mean within-batch
 * Spearman of the judge and of length alone. ELLIPSE: mean over its prompts. `ellipseFolds` as in
 * heldOutRows; `pairsWithinBatch: false` fits as fit-judge.ts does (pairs anywhere in a prompt).
 */
export function batchHeldOutRows(
  corpus: Corpus, names: readonly string[], options: FitOptions, { dealings = 3, ellipseFolds, pairsWithinBatch = true }: { dealings?: number; ellipseFolds?: number | undefined; pairsWithinBatch?: boolean } = {},
): BatchRow[] {
  const { essays } = corpus;
  const batchNames = names.filter((n) => BATCH_FEATURES[n] || /^batch_(z|pct):/.test(n));
  const training = dealBatches(essays, BATCH_SIZE, 101);
  const trainingCorpus = { essays, profiles: withBatchFeatures(corpus.profiles, training, batchNames) };
  const evaluations = Array.from({ length: dealings }, (_, d) => {
    const batchOf = dealBatches(essays, BATCH_SIZE, 202 + d);
    return { batchOf, profiles: withBatchFeatures(corpus.profiles, batchOf, batchNames) };
  });
  const groups = [...new Set(essays.map((e) => e.group))];
  const ellipseGroups = groups.filter((g) => g.startsWith("ellipse"));
  const folds = [
    ...groups.filter((g) => !g.startsWith("ellipse")).map((g) => [g]),
    ...(ellipseFolds ? Array.from({ length: ellipseFolds }, (_, f) => ellipseGroups.filter((_, k) => k % ellipseFolds === f)) : ellipseGroups.map((g) => [g])),
  ];
  const rows: BatchRow[] = [];
  const ellipse: BatchRow[] = [];
  for (const fold of folds) {
    const inFold = new Set(fold);
    const train = essays.flatMap((e, i) => (inFold.has(e.group) ? [] : [i]));
    const model = fitJudge(trainingCorpus, names, train, pairsWithinBatch ? { ...options, batchOf: training } : options);
    const score = (row: ProfileRow) => names.reduce((s, n, j) => s + (model.weights[j]! * ((row[n] ?? 0) - model.means[j]!)) / model.sds[j]!, 0);
    for (const g of fold) {
      const held = essays.flatMap((e, i) => (e.group === g ? [i] : []));
      if (held.length < 10) continue;
      const judge: number[] = [];
      const length: number[] = [];
      const pooled: number[] = [];
      const pooledLength: number[] = [];
      const humanHeld = held.map((i) => essays[i]!.score);
      for (const { batchOf, profiles } of evaluations) {
        pooled.push(spearman(held.map((i) => score(profiles[i]!)), humanHeld));
        pooledLength.push(spearman(held.map((i) => profiles[i]!.log_words ?? 0), humanHeld));
        const batches = new Map<number, number[]>();
        for (const i of held) batches.set(batchOf[i]!, [...(batches.get(batchOf[i]!) ?? []), i]);
        for (const members of batches.values()) {
          const human = members.map((i) => essays[i]!.score);
          const rJudge = spearman(members.map((i) => score(profiles[i]!)), human);
          const rLength = spearman(members.map((i) => profiles[i]!.log_words ?? 0), human);
          if (Number.isNaN(rJudge) || Number.isNaN(rLength)) continue;
          judge.push(rJudge);
          length.push(rLength);
        }
      }
      const row = { prompt: g, batches: judge.length / dealings, judge: meanOf(judge), length: meanOf(length), pooled: meanOf(pooled), pooledLength: meanOf(pooledLength) };
      (g.startsWith("ellipse") ? ellipse : rows).push(row);
    }
  }
  const ellipseMean = (k: "judge" | "length" | "pooled" | "pooledLength") => meanOf(ellipse.map((e) => e[k]));
  rows.push({
    prompt: `ELLIPSE (mean of ${ellipse.length} prompts)`, batches: ellipse.reduce((s, e) => s + e.batches, 0),
    judge: ellipseMean("judge"), length: ellipseMean("length"), pooled: ellipseMean("pooled"), pooledLength: ellipseMean("pooledLength"),
  });
  return rows;
}
