import { describe, expect, test } from "bun:test";
import { createExpiringCache } from "../src/clients/expiring-cache.ts";

describe("createExpiringCache", () => {
  test("an entry lives for its ttl, then is gone", () => {
    let now = 1000;
    const cache = createExpiringCache<string>({ maxEntries: 10, now: () => now });
    cache.set("b1", "names", 60_000);
    now += 59_999;
    expect(cache.get("b1")).toBe("names");
    now += 1;
    expect(cache.get("b1")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test("bounded: when full, the least recently used entry goes", () => {
    const cache = createExpiringCache<number>({ maxEntries: 500 });
    for (let i = 0; i < 500; i++) cache.set(`b${i}`, i, 60_000);
    expect(cache.get("b0")).toBe(0); // b0 used again: b1 is now the oldest
    cache.set("b500", 500, 60_000);
    expect(cache.size).toBe(500);
    expect(cache.get("b1")).toBeUndefined();
    expect(cache.get("b0")).toBe(0);
    expect(cache.get("b500")).toBe(500);
    for (let i = 501; i < 2000; i++) cache.set(`b${i}`, i, 60_000);
    expect(cache.size).toBe(500);
  });

  test("setting a key again replaces its value and ttl", () => {
    let now = 0;
    const cache = createExpiringCache<string>({ maxEntries: 1, now: () => now });
    cache.set("b1", "old", 10);
    cache.set("b1", "new", 100);
    now = 50;
    expect(cache.get("b1")).toBe("new");
  });
});
