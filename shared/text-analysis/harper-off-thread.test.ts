import { describe, expect, test } from "bun:test";
import { createHarperCounter } from "./harper-grammar.ts";
import { createOffThreadHarper, createOffThreadHarperCounter } from "./harper-off-thread.ts";

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

describe("an idle Harper worker", () => {
  test("stops after its idle time, and the next text starts a new one with the same answer", async () => {
    const harper = createOffThreadHarper({ idleMs: 300 });
    expect(harper.running()).toBe(false);
    const first = await harper.issues("This is a apple.");
    expect(harper.running()).toBe(true);
    const deadline = Date.now() + 10_000;
    while (harper.running() && Date.now() < deadline) await Bun.sleep(50);
    expect(harper.running()).toBe(false);
    const again = await harper.issues("This is a apple.");
    expect(again).toEqual(first);
    expect(first.some((i) => i.rule_id === "AnA")).toBe(true);
    harper.stop();
    expect(harper.running()).toBe(false);
  }, 60_000);

  test("is not stopped while a text is waiting, and idleMs 0 keeps it", async () => {
    const kept = createOffThreadHarper({ idleMs: 0 });
    await kept.counts("He go to school.");
    await Bun.sleep(400);
    expect(kept.running()).toBe(true);
    kept.stop();
    const busy = createOffThreadHarper({ idleMs: 50 });
    // The first text waits for setup (seconds), far past the idle time: it must still be answered.
    const counts = await busy.counts("This is a apple.");
    expect(counts.grammar).toBeGreaterThanOrEqual(1);
    busy.stop();
  }, 60_000);
});
