import { expect, test } from "bun:test";
import { llmCostUsd } from "./gateway-answers.ts";
import { renderProgress } from "./progress-bar.ts";
import { parseRunnerOptions, siblingUrl } from "./runner-options.ts";

test("defaults, and every flag read", () => {
  expect(parseRunnerOptions(["corpus.tsv"])).toMatchObject({ file: "corpus.tsv", batches: 1, batchSize: 30, pipeline: "cj_assessment", language: "en", anchorsPerBand: 0, seed: 42, dryRun: false, baseUrl: "http://localhost:8080" });
  const o = parseRunnerOptions([
    "c.csv", "--batches", "3", "--batch-size", "6", "--groups", "2, 7", "--anchors-per-band", "2", "--scale", "numeric_1_6", "--seed", "9",
    "--text-col", "t", "--score-col", "s", "--group-col", "g", "--id-col", "i", "--score-range", "0-30", "--dry-run", "--base-url", "http://127.0.0.1:9",
  ]);
  expect(o).toMatchObject({ batches: 3, batchSize: 6, groups: ["2", "7"], anchorsPerBand: 2, scale: "numeric_1_6", seed: 9, textCol: "t", scoreRange: { min: 0, max: 30 }, dryRun: true });
  expect(parseRunnerOptions(["c.csv", "--score-range", "group"]).scoreRange).toBe("group");
});

test("bad input is a plain message", () => {
  expect(() => parseRunnerOptions([])).toThrow(/give the corpus FILE/);
  expect(() => parseRunnerOptions(["c.csv", "--batches", "0"])).toThrow("--batches must be at least 1");
  expect(() => parseRunnerOptions(["c.csv", "--batch-size", "x"])).toThrow("--batch-size must be a whole number");
  expect(() => parseRunnerOptions(["c.csv", "--pipeline", "nlp"])).toThrow(/--pipeline must be one of/);
  expect(() => parseRunnerOptions(["c.csv", "--score-range", "6-1"])).toThrow(/MAX above MIN/);
  expect(() => parseRunnerOptions(["c.csv", "--no-such-flag"])).toThrow();
  expect(() => parseRunnerOptions(["a.csv", "b.csv"])).toThrow(/one FILE expected/);
});

test("sibling URLs, the cost counter, the progress text", () => {
  expect(siblingUrl("http://localhost:8080/", 7005)).toBe("http://localhost:7005");
  expect(llmCostUsd('# HELP x\nllm_cost_usd_total{provider="openai"} 0.25\nllm_cost_usd_total{provider="anthropic"} 0.5\nllm_calls_total 3\n')).toBe(0.75);
  expect(llmCostUsd("llm_calls_total 3\n")).toBeUndefined();
  expect(renderProgress(3, 12, 4200, "uploading")).toBe("[######..................] 3/12  25%  4 s  uploading");
  expect(renderProgress(0, 0, 0, "")).toContain("100%");
});
