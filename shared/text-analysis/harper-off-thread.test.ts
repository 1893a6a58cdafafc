import { describe, expect, test } from "bun:test";
import { createHarperCounter } from "./harper-grammar.ts";
import { createOffThreadHarperCounter } from "./harper-off-thread.ts";

describe("Harper on a worker thread", () => {
  test("gives the same counts as in-thread, for texts sent at once", async () => {
    const texts = ["This is a apple. He go to school.", "The students read the book together.", "Yesterday @PERSON1 use an calculator."];
    const offThread = createOffThreadHarperCounter();
    const inThread = createHarperCounter();
    const [away, here] = await Promise.all([Promise.all(texts.map(offThread)), Promise.all(texts.map(inThread))]);
    expect(away).toEqual(here);
    expect(away[0]!.grammar).toBeGreaterThanOrEqual(2);
    expect(away[1]!.grammar).toBe(0);
  }, 60_000);
});
