import { describe, expect, test } from "bun:test";
import { parseBundleAnswer } from "../../src/bundling/bundle-answer.ts";
import { buildBundlePrompt } from "../../src/bundling/bundle-prompt.ts";
import { UnparseableAnswerError } from "../../src/domain/errors.ts";

const verdict = (index: number | string, winner: string, justification = `pair ${index}`) => ({ index, winner, justification, confidence: 0.7 });

describe("parseBundleAnswer maps verdicts by the index they carry", () => {
  test("out-of-order verdicts land on their own pair, not on their position", () => {
    const text = JSON.stringify({ verdicts: [verdict(3, "essay_b"), verdict(1, "essay_a"), verdict(2, "essay_b")] });
    const out = parseBundleAnswer(text, 3);
    expect(out.map((v) => (v instanceof UnparseableAnswerError ? "error" : v.justification))).toEqual(["pair 1", "pair 2", "pair 3"]);
    expect(out.map((v) => (v instanceof UnparseableAnswerError ? "error" : v.winner))).toEqual(["essay_a", "essay_b", "essay_b"]);
  });

  test("a missing verdict is an error for that pair only", () => {
    const text = `Here you go:\n\`\`\`json\n${JSON.stringify([verdict(2, "essay_a"), verdict(1, "essay_b")])}\n\`\`\``;
    const [one, two, three] = parseBundleAnswer(text, 3);
    expect(one).toMatchObject({ winner: "essay_b", justification: "pair 1" });
    expect(two).toMatchObject({ winner: "essay_a", justification: "pair 2" });
    expect(three).toBeInstanceOf(UnparseableAnswerError);
    expect((three as UnparseableAnswerError).message).toContain("no verdict for pair 3");
  });

  test("malformed, duplicated and out-of-range verdicts fail only their own pair", () => {
    const text = JSON.stringify([verdict(1, "essay_c"), verdict(2, "B"), verdict(3, "essay_a"), verdict(3, "essay_b"), verdict(9, "essay_a"), verdict("4", "a")]);
    const out = parseBundleAnswer(text, 4);
    expect(out[0]).toBeInstanceOf(UnparseableAnswerError);
    expect(out[1]).toMatchObject({ winner: "essay_b" });
    expect((out[2] as UnparseableAnswerError).message).toContain("more than one verdict for pair 3");
    expect(out[3]).toMatchObject({ winner: "essay_a", justification: "pair 4" });
  });

  test("an answer without any verdict list fails every pair", () => {
    const out = parseBundleAnswer('{"winner":"essay_a","justification":"x","confidence":0.5}', 2);
    expect(out).toHaveLength(2);
    for (const v of out) expect(v).toBeInstanceOf(UnparseableAnswerError);
  });

  test("a verdict list inside prose with braces in strings is found", () => {
    const text = `Sure {not json}. ${JSON.stringify({ verdicts: [verdict(1, "essay_a", "uses {braces} and ] brackets")] })} done`;
    expect(parseBundleAnswer(text, 1)[0]).toMatchObject({ winner: "essay_a", justification: "uses {braces} and ] brackets" });
  });
});

describe("buildBundlePrompt", () => {
  test("numbers every pair, sends no essay ids, asks for verdicts keyed by index", () => {
    const prompt = buildBundlePrompt(
      { language: "sv", instructions: "Skriv en text.", prompt_text: "Mobiler?" },
      [{ index: 1, essayA: "first A", essayB: "first B" }, { index: 2, essayA: "second A", essayB: "second B" }],
    );
    expect(prompt.user).toContain("## Pair 1\n### Essay A\n<essay_a>\nfirst A\n</essay_a>");
    expect(prompt.user).toContain("## Pair 2");
    expect(prompt.user).toContain("Mobiler?");
    expect(prompt.user).toContain('"index"');
    expect(prompt.user).toContain("in Swedish");
    expect(prompt.user.indexOf("first B")).toBeLessThan(prompt.user.indexOf("second A"));
  });
});
