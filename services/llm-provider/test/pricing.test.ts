import { describe, expect, test } from "bun:test";
import { costUsd, priceOf } from "../src/domain/pricing.ts";

describe("pricing", () => {
  test("prices a call from input and output tokens", () => {
    expect(costUsd("claude-3-5-haiku", { input_tokens: 1_000, output_tokens: 200 })).toBeCloseTo(0.0016, 12);
    expect(costUsd("gpt-4o-mini", { input_tokens: 1_000_000, output_tokens: 1_000_000 })).toBeCloseTo(0.75, 12);
    expect(costUsd("local-judge", { input_tokens: 500, output_tokens: 20 })).toBe(0);
  });

  test("snapshot ids take their family's price", () => {
    expect(priceOf("claude-3-5-haiku-20241022")).toEqual({ input: 0.8, output: 4 });
    expect(priceOf("gpt-4o-mini-2024-07-18")).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf("claude-sonnet-4-5-latest")).toEqual({ input: 3, output: 15 });
  });

  test("an unknown model has no price (null cost), even when it shares a prefix", () => {
    expect(costUsd("claude-opus-4-7", { input_tokens: 10, output_tokens: 10 })).toBeNull();
    expect(costUsd("mystery-model", { input_tokens: 10, output_tokens: 10 })).toBeNull();
  });
});
