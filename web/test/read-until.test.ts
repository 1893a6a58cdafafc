import { expect, test } from "bun:test";
import { readUntil } from "../src/live/read-until.ts";

/** A listing that shows a change only from its `fresh`-th read on, as the file view lags the DELETE. */
function laggingListing(before: string[], after: string[], fresh: number) {
  let reads = 0;
  return { read: async () => (++reads >= fresh ? after : before), reads: () => reads };
}

test("reads again until the removed file is gone, and shows every read", async () => {
  const listing = laggingListing(["a.txt", "b.txt"], ["a.txt"], 3);
  const shown: string[][] = [];
  const pauses: number[] = [];
  const result = await readUntil(listing.read, (files) => !files.includes("b.txt"), { onRead: (f) => shown.push(f), sleep: async (ms) => void pauses.push(ms) });
  expect(result).toEqual({ value: ["a.txt"], done: true, reads: 3 });
  expect(shown).toEqual([["a.txt", "b.txt"], ["a.txt", "b.txt"], ["a.txt"]]);
  expect(pauses).toEqual([500, 500]);
});

test("stops after the bounded number of reads when the change never shows", async () => {
  const listing = laggingListing(["a.txt"], ["a.txt", "c.txt"], 100);
  const pauses: number[] = [];
  const result = await readUntil(listing.read, (files) => files.includes("c.txt"), { attempts: 4, intervalMs: 20, sleep: async (ms) => void pauses.push(ms) });
  expect(result).toEqual({ value: ["a.txt"], done: false, reads: 4 });
  expect(listing.reads()).toBe(4);
  expect(pauses).toEqual([20, 20, 20]); // no pause after the last read
});

test("a change already there needs one read and no pause; failed reads count as reads", async () => {
  const pauses: number[] = [];
  expect(await readUntil(async () => ["x"], () => true, { sleep: async (ms) => void pauses.push(ms) })).toEqual({ value: ["x"], done: true, reads: 1 });
  expect(pauses).toEqual([]);
  let n = 0;
  const flaky = async () => (++n === 1 ? undefined : ["a.txt", "new.txt"]);
  const shown: string[][] = [];
  const result = await readUntil(flaky, (files) => files.includes("new.txt"), { onRead: (f) => shown.push(f), sleep: async () => {} });
  expect(result).toEqual({ value: ["a.txt", "new.txt"], done: true, reads: 2 });
  expect(shown).toEqual([["a.txt", "new.txt"]]);
});

test("without a sleep given, the reads really pause between them", async () => {
  const started = performance.now();
  const result = await readUntil(async () => 1, (v) => v === 2, { attempts: 3, intervalMs: 30 });
  const took = performance.now() - started;
  expect(result.done).toBe(false);
  expect(took).toBeGreaterThanOrEqual(55);
  expect(took).toBeLessThan(1000);
});
