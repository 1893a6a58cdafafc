import { describe, expect, test } from "bun:test";
import type { CorpusEssay } from "./labelled-corpus.ts";
import { pickAnchors, planBatches, seededRandom, shuffled, thinEvenly } from "./sampling.ts";

const essay = (group: string, i: number, score = i % 5): CorpusEssay => ({ id: `${group}-${i}`, group, text: `essay ${i}`, score, wordCount: 100 + i });
const groupOf = (group: string, n: number) => Array.from({ length: n }, (_, i) => essay(group, i));

describe("seeded sampling", () => {
  test("the same seed gives the same sequence; another seed another", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(first[0]);
  });

  test("shuffled is a permutation and leaves its input alone", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffled(items, seededRandom(1));
    expect([...out].sort()).toEqual(items);
    expect(out).not.toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("planBatches", () => {
  const byGroup = new Map([["a", groupOf("a", 25)], ["b", groupOf("b", 12)], ["c", groupOf("c", 4)]]);

  test("round-robin over the groups that can fill a batch, without replacement, deterministic", () => {
    const plan = planBatches(byGroup, { batchCount: 4, batchSize: 10, seed: 3 });
    expect(plan.batches.map((b) => [b.index, b.group, b.essays.length])).toEqual([[1, "a", 10], [2, "b", 10], [3, "a", 10]]);
    expect(plan.tooSmall).toEqual(["c"]);
    const aIds = plan.batches.filter((b) => b.group === "a").flatMap((b) => b.essays.map((e) => e.id));
    expect(new Set(aIds).size).toBe(20);
    expect(plan.batches.every((b) => b.essays.every((e) => e.group === b.group))).toBe(true);
    expect(plan.unused.get("a")?.length).toBe(5);
    expect(plan.unused.get("a")?.some((e) => aIds.includes(e.id))).toBe(false);
    expect(plan.unused.get("c")?.length).toBe(4);
    expect(planBatches(byGroup, { batchCount: 4, batchSize: 10, seed: 3 })).toEqual(plan);
    expect(planBatches(byGroup, { batchCount: 4, batchSize: 10, seed: 4 }).batches[0]?.essays).not.toEqual(plan.batches[0]?.essays);
  });
});

describe("pickAnchors", () => {
  const pool = groupOf("a", 20); // scores 0..4, four essays each
  const options = { bands: [0, 1, 2, 3, 4, 5], bandOf: (s: number) => s, maxAnchors: 50, seed: 9 };

  test("k per band present in the pool, each from its band", () => {
    const picks = pickAnchors(pool, { ...options, perBand: 2 });
    expect(picks.length).toBe(10); // band 5 has no essay
    for (const band of [0, 1, 2, 3, 4]) expect(picks.filter((p) => p.band === band).length).toBe(2);
    expect(picks.every((p) => p.essay.score === p.band)).toBe(true);
    expect(pickAnchors(pool, { ...options, perBand: 0 })).toEqual([]);
  });

  test("past the cap, bands are thinned evenly with both ends kept", () => {
    const picks = pickAnchors(pool, { ...options, perBand: 2, maxAnchors: 6 });
    expect([...new Set(picks.map((p) => p.band))]).toEqual([0, 2, 4]);
    expect(thinEvenly([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([1, 4, 7]);
    expect(thinEvenly([1, 2], 5)).toEqual([1, 2]);
  });
});
