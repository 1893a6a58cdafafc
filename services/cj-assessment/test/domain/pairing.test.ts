import { describe, expect, test } from "bun:test";
import { fitBradleyTerry, type Comparison } from "../../src/domain/bradley-terry.ts";
import {
  comparisonBudget,
  nextRoundSize,
  type PlannedComparison,
  planRound,
} from "../../src/domain/pairing.ts";
import { createRng } from "../../src/domain/random.ts";
import { judge, latentQualities } from "./simulated-judge.ts";

function pairKey(c: PlannedComparison, n: number): number {
  return Math.min(c.a, c.b) * n + Math.max(c.a, c.b);
}

function tallies(n: number, issued: readonly PlannedComparison[]) {
  const count = new Array<number>(n).fill(0);
  const inA = new Array<number>(n).fill(0);
  for (const c of issued) {
    count[c.a]!++;
    count[c.b]!++;
    inA[c.a]!++;
  }
  const lean = count.map((c, i) => 2 * inA[i]! - c); // times in A minus times in B
  return { count, lean, spread: Math.max(...count) - Math.min(...count) };
}

/** Runs a batch round by round (adaptive after the first round), checking invariants after each round. */
function runBatch(n: number, totalBudget: number, seed: number, check: (issued: PlannedComparison[]) => void) {
  const rng = createRng(seed);
  const truth = latentQualities(n, rng);
  const budget = comparisonBudget(n, totalBudget);
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  let estimate: ReturnType<typeof fitBradleyTerry> | undefined;
  while (issued.length < budget) {
    const round = planRound({ n, issued, size: nextRoundSize(n, budget, issued.length), estimate, rng });
    issued.push(...round);
    results.push(...round.map((pair) => judge(truth, pair, rng)));
    estimate = fitBradleyTerry(n, results);
    check(issued);
  }
  return issued;
}

describe("budget and round size", () => {
  test("budget is min(total, n(n−1)/2)", () => {
    expect(comparisonBudget(4, 350)).toBe(6);
    expect(comparisonBudget(10, 20)).toBe(20);
    expect(comparisonBudget(1, 5)).toBe(0);
    expect(comparisonBudget(0, 5)).toBe(0);
  });

  test("a budget covering every pair is issued at once; otherwise about two comparisons per item", () => {
    expect(nextRoundSize(4, 6, 0)).toBe(6);
    expect(nextRoundSize(4, 6, 4)).toBe(2);
    expect(nextRoundSize(20, 50, 0)).toBe(20);
    expect(nextRoundSize(20, 50, 40)).toBe(10);
    expect(nextRoundSize(20, 50, 50)).toBe(0);
  });
});

describe("planRound", () => {
  test("the first round covers every essay once (even n) or at most twice (odd n)", () => {
    for (const seed of [1, 2, 3]) {
      const even = tallies(10, planRound({ n: 10, issued: [], size: 5, rng: createRng(seed) }));
      expect(even.count).toEqual(new Array(10).fill(1));
      const odd = tallies(11, planRound({ n: 11, issued: [], size: 6, rng: createRng(seed) }));
      expect(Math.min(...odd.count)).toBe(1);
      expect(Math.max(...odd.count)).toBe(2);
    }
  });

  test("stays within budget and never repeats a pair, adaptive rounds included", () => {
    for (const seed of [11, 12, 13]) {
      const issued = runBatch(9, 1000, seed, () => {});
      expect(issued.length).toBe(36);
      expect(new Set(issued.map((c) => pairKey(c, 9))).size).toBe(36);
      const partial = runBatch(30, 200, seed, () => {});
      expect(partial.length).toBe(200);
      expect(new Set(partial.map((c) => pairKey(c, 30))).size).toBe(200);
    }
  });

  test("reuses a pair only once every pair has been used equally often", () => {
    const n = 6;
    const rng = createRng(5);
    const issued: PlannedComparison[] = [];
    for (let round = 0; round < 12; round++) {
      issued.push(...planRound({ n, issued, size: 4, rng }));
      const uses = new Map<number, number>();
      for (const c of issued) uses.set(pairKey(c, n), (uses.get(pairKey(c, n)) ?? 0) + 1);
      const values = uses.size < 15 ? [0, ...uses.values()] : [...uses.values()];
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    }
  });

  test("comparison counts stay balanced and every essay sits in A about as often as in B", () => {
    for (const seed of [21, 22, 23]) {
      runBatch(40, 400, seed, (issued) => {
        const { spread, lean } = tallies(40, issued);
        expect(spread).toBeLessThanOrEqual(2);
        expect(Math.max(...lean.map(Math.abs))).toBeLessThanOrEqual(2);
      });
    }
  });

  test("the same seed gives the same plan; another seed another plan", () => {
    const plan = (seed: number) => runBatch(15, 60, seed, () => {});
    expect(plan(7)).toEqual(plan(7));
    expect(plan(7)).not.toEqual(plan(8));
  });

  test("adaptive rounds pair essays with close scores", () => {
    const n = 20;
    const rng = createRng(3);
    const first = planRound({ n, issued: [], size: n, rng });
    const estimate = { scores: Array.from({ length: n }, (_, i) => i), standardErrors: new Array(n).fill(0.5) };
    const gap = (round: PlannedComparison[]) =>
      round.reduce((s, c) => s + Math.abs(estimate.scores[c.a]! - estimate.scores[c.b]!), 0) / round.length;
    const adaptive = planRound({ n, issued: first, size: n, estimate, rng });
    const random = planRound({ n, issued: first, size: n, rng });
    expect(gap(adaptive)).toBeLessThan(2);
    expect(gap(random)).toBeGreaterThan(4);
  });

  test("adaptive rounds prefer the most uncertain essay among equally close partners", () => {
    for (let seed = 0; seed < 20; seed++) {
      const estimate = { scores: [0, 0, 0, 0, 0], standardErrors: [0.2, 0.2, 0.2, 2, 0.2] };
      const [pair] = planRound({ n: 5, issued: [], size: 1, estimate, rng: createRng(seed) });
      expect([pair!.a, pair!.b]).toContain(3);
    }
  });

  test("between equally close partners, adaptive rounds choose one in a crowded stretch of the scale over an isolated one", () => {
    // Items 1–4 have one comparison each, so item 0 is served first; 1 (+0.5, beside 2 and 3) and 4 (−0.5, alone) are equally close.
    const issued = [{ a: 1, b: 2 }, { a: 3, b: 4 }];
    const estimate = { scores: [0, 0.5, 0.55, 0.6, -0.5], standardErrors: [0.5, 0.5, 0.5, 0.5, 0.5] };
    for (let seed = 0; seed < 20; seed++) {
      const [pair] = planRound({ n: 5, issued, size: 1, estimate, rng: createRng(seed) });
      expect([pair!.a, pair!.b]).toContain(0);
      expect([pair!.a, pair!.b]).not.toContain(4);
    }
  });

  test("rejects inconsistent input and plans nothing for fewer than two items", () => {
    const rng = createRng(1);
    expect(planRound({ n: 1, issued: [], size: 3, rng })).toEqual([]);
    expect(() => planRound({ n: 3, issued: [{ a: 0, b: 3 }], size: 1, rng })).toThrow(RangeError);
    expect(() => planRound({ n: 3, issued: [{ a: 1, b: 1 }], size: 1, rng })).toThrow(RangeError);
    const estimate = { scores: [0, 0], standardErrors: [1, 1] };
    expect(() => planRound({ n: 3, issued: [], size: 1, estimate, rng })).toThrow(RangeError);
  });
});
