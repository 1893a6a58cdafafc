import { describe, expect, test } from "bun:test";
import { summariseProgress, type PairRecord } from "../../src/domain/batch-progress.ts";

const answered = (a: number, b: number, winner: number): PairRecord => ({ a, b, status: "ANSWERED", winner });
const pending = (a: number, b: number): PairRecord => ({ a, b, status: "PENDING", winner: null });
const abandoned = (a: number, b: number): PairRecord => ({ a, b, status: "ABANDONED", winner: null });

describe("summariseProgress", () => {
  test("only answered pairs become comparisons; pending ones stand and are counted", () => {
    const p = summariseProgress(4, [answered(0, 1, 1), answered(2, 3, 2), pending(0, 2)], 2);
    expect(p.comparisons).toEqual([{ winner: 1, loser: 0 }, { winner: 2, loser: 3 }]);
    expect(p.standing).toEqual([{ a: 0, b: 1 }, { a: 2, b: 3 }, { a: 0, b: 2 }]);
    expect(p.pending).toBe(1);
    expect(p.issuablePairs).toBe(3);
    expect(p.minComparisonsPerItem).toBe(1);
  });

  test("an abandoned pair leaves `standing` and stays issuable until abandoned `abandonLimit` times", () => {
    const once = summariseProgress(3, [answered(0, 1, 0), abandoned(1, 2)], 2);
    expect(once.standing).toEqual([{ a: 0, b: 1 }]);
    expect(once.exhausted).toEqual([]);
    expect(once.issuablePairs).toBe(2);
    const twice = summariseProgress(3, [answered(0, 1, 0), abandoned(1, 2), abandoned(2, 1)], 2);
    expect(twice.exhausted).toEqual([{ a: 2, b: 1 }]);
    expect(twice.issuablePairs).toBe(1);
  });

  test("a pair answered after an earlier abandonment is neither exhausted nor issuable", () => {
    const p = summariseProgress(2, [abandoned(0, 1), abandoned(0, 1), answered(1, 0, 0)], 2);
    expect(p.exhausted).toEqual([]);
    expect(p.issuablePairs).toBe(0);
    expect(p.comparisons).toEqual([{ winner: 0, loser: 1 }]);
  });

  test("an answered pair without a winner among its items is refused", () => {
    expect(() => summariseProgress(3, [answered(0, 1, 2)], 2)).toThrow(RangeError);
  });

  test("an item with no valid comparison sets the minimum to 0", () => {
    expect(summariseProgress(3, [answered(0, 1, 0), pending(1, 2)], 2).minComparisonsPerItem).toBe(0);
    expect(summariseProgress(0, [], 2).minComparisonsPerItem).toBe(0);
  });

  test("with soft outcomes on, an answered pair's confidence becomes its winner's probability (clamped); off, every verdict is hard", () => {
    const pairs: PairRecord[] = [
      { ...answered(0, 1, 1), confidence: 0.8 },
      { ...answered(1, 2, 2), confidence: 1 },
      { ...answered(0, 2, 0), confidence: null },
      { ...answered(2, 3, 3), confidence: 0.2 },
    ];
    const soft = summariseProgress(4, pairs, 2, { softOutcomes: true });
    expect(soft.comparisons).toEqual([
      { winner: 1, loser: 0, winnerProbability: 0.8 },
      { winner: 2, loser: 1, winnerProbability: 0.99 },
      { winner: 0, loser: 2 },
      { winner: 3, loser: 2, winnerProbability: 0.5 },
    ]);
    expect(soft.softOutcomes).toBe(3);
    const hard = summariseProgress(4, pairs, 2, { softOutcomes: false });
    expect(hard.comparisons.every((c) => c.winnerProbability === undefined)).toBe(true);
    expect(hard.softOutcomes).toBe(0);
    expect(summariseProgress(4, pairs, 2).softOutcomes).toBe(0);
  });
});
