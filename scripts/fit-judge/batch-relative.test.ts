import { describe, expect, test } from "bun:test";
import { dealBatches, withBatchFeatures } from "./batch-relative.ts";
import { trainingPairs } from "./judge-fit.ts";
import type { ScoredEssay } from "./real-essays.ts";

// Made-up essays: only group, corpus and score matter here.
const essays: ScoredEssay[] = Array.from({ length: 130 }, (_, i) => ({
  id: `e${i}`,
  group: i < 95 ? "asap-x" : "ellipse-y",
  corpus: i < 95 ? "asap" : "ellipse",
  text: "",
  score: i % 7,
}));

describe("batch-relative features", () => {
  test("each prompt is dealt into near-equal batches of about 30 that never mix prompts", () => {
    const batchOf = dealBatches(essays, 30, 1);
    const members = new Map<number, ScoredEssay[]>();
    essays.forEach((e, i) => members.set(batchOf[i]!, [...(members.get(batchOf[i]!) ?? []), e]));
    const sizes = [...members.values()].map((m) => m.length).sort((a, b) => a - b);
    expect(sizes).toEqual([31, 32, 32, 35]);
    for (const m of members.values()) expect(new Set(m.map((e) => e.group)).size).toBe(1);
  });

  test("pairs drawn within batches stay in one batch and keep each prompt's share of the weight", () => {
    const batchOf = dealBatches(essays, 30, 1);
    const all = essays.map((_, i) => i);
    const within = trainingPairs(essays, all, 7, 4, 0.65, batchOf);
    const anywhere = trainingPairs(essays, all, 7, 4, 0.65);
    expect(within.every((p) => batchOf[p.a] === batchOf[p.b])).toBe(true);
    expect(anywhere.some((p) => batchOf[p.a] !== batchOf[p.b])).toBe(true);
    const share = (pairs: typeof within, group: string) => pairs.filter((p) => essays[p.a]!.group === group).reduce((s, p) => s + p.weight, 0);
    expect(share(within, "asap-x")).toBeCloseTo(650, 6);
    expect(share(within, "ellipse-y")).toBeCloseTo(350, 6);
  });

  test("length beyond the batch median, and any feature's percentile within its batch", () => {
    const profiles = [4, 5, 6, 7, 3].map((l) => ({ log_words: l, mattr: l / 10 }));
    const batchOf = Int32Array.of(0, 0, 0, 0, 1);
    const rows = withBatchFeatures(profiles, batchOf, ["beyond_batch_q50", "batch_pct:mattr", "batch_z:log_words"]);
    expect(rows.map((r) => r.beyond_batch_q50)).toEqual([0, 0, 0.5, 1.5, 0]);
    expect(rows.map((r) => r["batch_pct:mattr"])).toEqual([0, 1 / 3, 2 / 3, 1, 0]);
    expect(rows[3]!["batch_z:log_words"]!).toBeCloseTo(1.5 / Math.sqrt(1.25), 9);
    expect(rows[0]!.log_words).toBe(4);
  });
});
