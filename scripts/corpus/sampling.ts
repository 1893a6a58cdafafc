// Deterministic sampling for the corpus runner: a seeded generator, batches drawn per group, and
// k anchors per score band from the essays of the same group that are in no batch. Pure.
import type { CorpusEssay } from "./labelled-corpus.ts";

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface PlannedBatch {
  /** 1-based, in run order. */
  index: number;
  group: string;
  essays: CorpusEssay[];
}

export interface BatchPlan {
  batches: PlannedBatch[];
  /** Per group: the essays in none of its batches (where anchors come from). */
  unused: Map<string, CorpusEssay[]>;
  /** Groups left out because they hold fewer essays than one batch. */
  tooSmall: string[];
}

/**
 * `batchCount` batches of `batchSize` essays in all, dealt round-robin over the groups that can fill
 * one (in the order given), each batch a sample without replacement from its group.
 * @example planBatches(byGroup, { batchCount: 2, batchSize: 30, seed: 1 }) // 2 batches: group 1, then group 2
 */
export function planBatches(
  byGroup: ReadonlyMap<string, readonly CorpusEssay[]>,
  options: { batchCount: number; batchSize: number; seed: number },
): BatchPlan {
  const { batchCount, batchSize, seed } = options;
  const random = seededRandom(seed);
  const pools = new Map<string, CorpusEssay[]>();
  const tooSmall: string[] = [];
  for (const [group, essays] of byGroup) {
    if (essays.length >= batchSize) pools.set(group, shuffled(essays, random));
    else tooSmall.push(group);
  }
  const batches: PlannedBatch[] = [];
  const taken = new Map<string, number>([...pools.keys()].map((g) => [g, 0]));
  let open = [...pools.keys()];
  while (batches.length < batchCount && open.length > 0) {
    for (const group of open) {
      if (batches.length >= batchCount) break;
      const from = taken.get(group) as number;
      const pool = pools.get(group) as CorpusEssay[];
      batches.push({ index: batches.length + 1, group, essays: pool.slice(from, from + batchSize) });
      taken.set(group, from + batchSize);
    }
    open = open.filter((g) => (pools.get(g) as CorpusEssay[]).length - (taken.get(g) as number) >= batchSize);
  }
  const unused = new Map([...pools].map(([g, pool]) => [g, pool.slice(taken.get(g) as number)]));
  for (const group of tooSmall) unused.set(group, [...(byGroup.get(group) ?? [])]);
  return { batches, unused, tooSmall };
}

export interface AnchorPick {
  essay: CorpusEssay;
  band: number;
}

/**
 * Up to `perBand` anchors for each band in `bands`, drawn at random from `pool`. When the total
 * would pass `maxAnchors`, bands are thinned evenly across the range (lowest and highest kept).
 */
export function pickAnchors(
  pool: readonly CorpusEssay[],
  options: { perBand: number; bands: readonly number[]; bandOf: (score: number) => number; maxAnchors: number; seed: number },
): AnchorPick[] {
  const { perBand, bandOf, maxAnchors } = options;
  if (perBand <= 0) return [];
  const random = seededRandom(options.seed);
  const byBand = new Map<number, CorpusEssay[]>();
  for (const essay of shuffled(pool, random)) {
    const band = bandOf(essay.score);
    const list = byBand.get(band);
    if (list) list.push(essay);
    else byBand.set(band, [essay]);
  }
  const present = options.bands.filter((b) => byBand.has(b));
  const bands = thinEvenly(present, Math.max(1, Math.floor(maxAnchors / perBand)));
  return bands.flatMap((band) => (byBand.get(band) ?? []).slice(0, perBand).map((essay) => ({ essay, band })));
}

/** At most `keep` items, spread evenly, first and last included. */
export function thinEvenly<T>(items: readonly T[], keep: number): T[] {
  if (items.length <= keep) return [...items];
  if (keep === 1) return [items[0] as T];
  return Array.from({ length: keep }, (_, i) => items[Math.round((i * (items.length - 1)) / (keep - 1))] as T);
}
