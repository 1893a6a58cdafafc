/**
 * Hit rates of the feedback benchmark (issue 17): is the essay's weakest human-scored dimension
 * among the k dimensions we name? Beside chance k/6 (one weakest dimension), tie-aware chance (the
 * human scores often tie for lowest: k of six drawn at random include one of the t tied), and beside
 * always naming the most common weakness.
 */
import type { FeedbackDimension } from "../../shared/contracts/feedback.ts";

export interface Scored {
  /** The essay's tied weakest human-scored dimensions (at least one). */
  readonly weakest: readonly FeedbackDimension[];
}

const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);

/**
 * Chance that k of the six dimensions drawn at random include one of t tied weakest ones.
 * @example tieAwareChance(1, 2) // 1/3
 */
export function tieAwareChance(k: number, t: number): number {
  return 1 - choose(6 - t, Math.min(6, k)) / choose(6, Math.min(6, k));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export interface HitRates {
  /** Mean number of dimensions named. */
  readonly k: number;
  readonly hit: number;
  /** Mean k/6 (what chance is with a single weakest dimension). */
  readonly naive: number;
  readonly chance: number;
  /** On the essays with one weakest dimension: hit rate and its chance k/6. */
  readonly uniqueHit: number;
  readonly uniqueChance: number;
  readonly uniqueCount: number;
}

/** How often what `pick` names includes one of the essay's weakest dimensions. */
export function hitRates<T extends Scored>(outcomes: readonly T[], pick: (o: T) => readonly FeedbackDimension[]): HitRates {
  const named = outcomes.map(pick);
  const uniq = outcomes.map((o, i) => ({ o, n: named[i]! })).filter(({ o }) => o.weakest.length === 1);
  return {
    k: mean(named.map((n) => n.length)),
    hit: mean(outcomes.map((o, i) => (named[i]!.some((d) => o.weakest.includes(d)) ? 1 : 0))),
    naive: mean(named.map((n) => Math.min(6, n.length) / 6)),
    chance: mean(outcomes.map((o, i) => tieAwareChance(named[i]!.length, o.weakest.length))),
    uniqueHit: mean(uniq.map(({ o, n }) => (n.includes(o.weakest[0]!) ? 1 : 0))),
    uniqueChance: mean(uniq.map(({ n }) => Math.min(6, n.length) / 6)),
    uniqueCount: uniq.length,
  };
}

/**
 * The dimensions weakest most often (a tie's essay shares its vote), most common first.
 * @example commonWeakness([{ weakest: ["grammar"] }])[0] // "grammar"
 */
export function commonWeakness(outcomes: readonly Scored[]): FeedbackDimension[] {
  const count = new Map<FeedbackDimension, number>();
  for (const o of outcomes) for (const d of o.weakest) count.set(d, (count.get(d) ?? 0) + 1 / o.weakest.length);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const HIT_TABLE_HEADER = [
  "| k | what is named | k (mean) | weakest among them (ties count) | chance k/6 | tie-aware chance | × tie-aware chance | one weakest only: hit | chance k/6 |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
].join("\n");

/** One row of the hit table. */
export function hitRow(k: string, name: string, r: HitRates): string {
  return `| ${k} | ${name} | ${r.k.toFixed(2)} | ${pct(r.hit)} | ${pct(r.naive)} | ${pct(r.chance)} | ${(r.hit / r.chance).toFixed(2)} | ${pct(r.uniqueHit)} | ${pct(r.uniqueChance)} |`;
}
