import { describe, expect, test } from "bun:test";
import { commonWeakness, hitRates, tieAwareChance } from "./support/feedback-hit-rates.ts";

describe("feedback benchmark hit rates", () => {
  test("tie-aware chance: k of six drawn at random include one of t tied weakest", () => {
    expect(tieAwareChance(1, 1)).toBeCloseTo(1 / 6);
    expect(tieAwareChance(1, 2)).toBeCloseTo(2 / 6);
    expect(tieAwareChance(2, 1)).toBeCloseTo(2 / 6);
    // Two named, two tied: 1 − C(4,2)/C(6,2) = 1 − 6/15.
    expect(tieAwareChance(2, 2)).toBeCloseTo(9 / 15);
    expect(tieAwareChance(6, 1)).toBe(1);
  });

  test("a hit is any named dimension among the tied weakest; unique-weakest essays are counted apart", () => {
    const essays = [
      { weakest: ["grammar", "conventions"] as const, named: ["conventions"] as const },
      { weakest: ["syntax"] as const, named: ["grammar", "syntax"] as const },
      { weakest: ["cohesion"] as const, named: ["grammar"] as const },
    ].map((e) => ({ weakest: [...e.weakest], named: [...e.named] }));
    const r = hitRates(essays, (e) => e.named);
    expect(r.hit).toBeCloseTo(2 / 3);
    expect(r.k).toBeCloseTo(4 / 3);
    expect(r.naive).toBeCloseTo((1 / 6 + 2 / 6 + 1 / 6) / 3);
    expect(r.chance).toBeCloseTo((2 / 6 + 2 / 6 + 1 / 6) / 3);
    expect(r.uniqueCount).toBe(2);
    expect(r.uniqueHit).toBeCloseTo(1 / 2);
    expect(r.uniqueChance).toBeCloseTo((2 / 6 + 1 / 6) / 2);
  });

  test("the most common weakness: a tie's essay shares its vote", () => {
    // syntax 1/2 + 1/2, grammar 1/2 + 1/3, cohesion 1/2 + 1/3 (ties by name), conventions 1/3.
    expect(commonWeakness([{ weakest: ["grammar", "syntax"] }, { weakest: ["syntax", "cohesion"] }, { weakest: ["grammar", "cohesion", "conventions"] }]))
      .toEqual(["syntax", "cohesion", "grammar", "conventions"]);
    expect(commonWeakness([{ weakest: ["grammar"] }, { weakest: ["syntax", "cohesion"] }])[0]).toBe("grammar");
  });
});
