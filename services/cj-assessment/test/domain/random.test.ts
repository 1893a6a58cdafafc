import { describe, expect, test } from "bun:test";
import { createRng, randomInt, shuffle } from "../../src/domain/random.ts";

describe("createRng", () => {
  test("is reproducible by seed and stays in [0, 1)", () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs[0]).toBe(0.6011037519201636);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createRng(43)()).not.toBe(xs[0]);
  });

  test("is roughly uniform: each decile holds about a tenth of 100 000 draws", () => {
    const rng = createRng(1);
    const bins = new Array<number>(10).fill(0);
    for (let k = 0; k < 100_000; k++) bins[randomInt(rng, 10)]!++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(400);
  });

  test("shuffle permutes", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffle(createRng(3), [...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });
});
