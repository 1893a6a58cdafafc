import { expect, test } from "bun:test";
import { formatPlan, planCorpusRun } from "./corpus-plan.ts";
import { parseDelimitedTable } from "./delimited-text.ts";
import { parseRunnerOptions } from "./runner-options.ts";

// An invented ASAP-shaped table: two prompts on different score ranges.
const text = (i: number) => `Invented essay number ${i} with enough words to be uploaded by the file service.`;
const rows = [
  ...Array.from({ length: 12 }, (_, i) => `a${i}\t2\t${text(i)}\t${1 + (i % 6)}`),
  ...Array.from({ length: 9 }, (_, i) => `b${i}\t7\t${text(i)}\t${i * 3}`),
];
const table = parseDelimitedTable(["essay_id\tessay_set\tessay\tdomain1_score", ...rows].join("\n"), "\t");

test("ASAP defaults: per-prompt ranges and scales, anchors only from essays outside the batches", () => {
  const options = parseRunnerOptions(["x.tsv", "--batches", "3", "--batch-size", "4", "--anchors-per-band", "1"]);
  const plan = planCorpusRun(table, options);
  expect(plan.runs.map((r) => [r.batch.group, r.scale])).toEqual([["2", "numeric_1_6"], ["7", "numeric_0_24"], ["2", "numeric_1_6"]]);
  for (const run of plan.runs) {
    const inBatches = new Set(plan.runs.filter((r) => r.batch.group === run.batch.group).flatMap((r) => r.batch.essays.map((e) => e.id)));
    expect(run.anchors.length).toBeGreaterThan(0);
    expect(run.anchors.some((a) => inBatches.has(a.essay.id))).toBe(false);
    expect(run.maxComparisons).toBe(Math.ceil(((4 + run.anchors.length) * 12) / 2));
  }
  expect(planCorpusRun(table, options)).toEqual(plan); // same seed, same plan
});

test("a fixed range, a group filter, and the dry-run text", () => {
  const options = parseRunnerOptions(["x.tsv", "--groups", "7", "--batch-size", "4", "--score-range", "0-30", "--dry-run"]);
  const plan = planCorpusRun(table, options);
  expect(plan.runs.map((r) => [r.batch.group, r.scale, r.anchors.length])).toEqual([["7", "numeric_0_30", 0]]);
  const lines = formatPlan(plan, options).join("\n");
  expect(lines).toContain("9 essays in 1 groups");
  expect(lines).toContain("12 in other groups");
  expect(lines).toContain("Nothing was started or spent");
  expect(() => planCorpusRun(table, parseRunnerOptions(["x.tsv", "--groups", "99"]))).toThrow(/no essays with a score in groups 99/);
});
