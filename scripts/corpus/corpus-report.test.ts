import { expect, test } from "bun:test";
import { batchFigures, gradeAgreement, type BatchOutcome, type EssayOutcome } from "./batch-outcome.ts";
import { formatCorpusReport, REPORT_COLUMNS } from "./corpus-report.ts";
import { fixed, formatTable, percent } from "./text-table.ts";

// Six invented essays: rank follows the score exactly, grades are off by one on two essays.
const essays: EssayOutcome[] = [1, 2, 3, 4, 5, 6].map((score) => ({
  id: `e${score}`, score, band: score, wordCount: 100 + 10 * ((score * 7) % 6), rank: 7 - score, grade: score === 3 ? 4 : score === 5 ? 4 : score, lengthBand: 3,
}));
const batch = (index: number, group: string, extra: Partial<BatchOutcome> = {}): BatchOutcome => ({
  index, group, range: { min: 1, max: 6 }, essays, anchors: 6, comparisons: 60, credits: 60, costUsd: 0.03, wallMs: 12_000, ...extra,
});

test("per-batch figures: rank ρ uses rank 1 = best", () => {
  const f = batchFigures(batch(1, "2"));
  expect(f.rhoRank).toBeCloseTo(1, 12);
  expect(f.ranked).toBe(6);
  expect(f.graded).toBe(6);
  expect(batchFigures(batch(1, "2", { essays: essays.map((e) => ({ ...e, rank: e.score })) })).rhoRank).toBeCloseTo(-1, 12);
  expect(f.rhoRaters).toBeUndefined();
  const rated = essays.map((e, i) => ({ ...e, raters: [e.score, i % 2 === 0 ? e.score : 7 - e.score] as [number, number] }));
  expect(batchFigures(batch(1, "2", { essays: rated })).rhoRaters as number).toBeLessThan(1);
});

test("grade agreement: exact and adjacent shares, undefined picks left out", () => {
  const a = gradeAgreement(essays, (e) => e.grade, { min: 1, max: 6 });
  expect(a.exact).toBeCloseTo(4 / 6, 12);
  expect(a.adjacent).toBe(1);
  expect(a.qwk as number).toBeGreaterThan(0.8);
  expect(a.qwk as number).toBeLessThan(1);
  expect(gradeAgreement(essays, () => undefined, { min: 1, max: 6 })).toEqual({ qwk: undefined, exact: undefined, adjacent: undefined });
  // Probability 0.5 on every grade, 4 of 6 right: ECE = |4/6 − 0.5|.
  expect(gradeAgreement(essays, (e) => e.grade, { min: 1, max: 6 }, () => 0.5).ece as number).toBeCloseTo(4 / 6 - 0.5, 12);
  expect(gradeAgreement(essays, (e) => e.grade, { min: 1, max: 6 }, () => undefined).ece).toBeUndefined();
});

test("the report has a row per group and an overall row with per-essay figures", () => {
  const lines = formatCorpusReport([batch(1, "10"), batch(2, "2"), batch(3, "2", { costUsd: undefined })]);
  expect(lines[0]?.startsWith("group")).toBe(true);
  for (const column of REPORT_COLUMNS) expect(lines[0]).toContain(column);
  expect(lines.slice(2).map((l) => l.split(/\s{2,}/)[0])).toEqual(["2", "10", "overall"]);
  const overall = (lines[4] as string).split(/\s{2,}/);
  expect(overall.slice(0, 5)).toEqual(["overall", "3", "18", "18", "1.00"]);
  expect(overall.at(-5)).toBe("180");
  expect(overall.at(-4)).toBe("10.0"); // 2 × 180 comparisons / (18 essays + 18 anchors)
  expect(overall.at(-3)).toBe("10.0"); // 180 credits / 18 essays
  expect(overall.at(-2)).toBe("–"); // one batch had no cost figure
  expect(overall.at(-1)).toBe("36.0");
  expect(formatCorpusReport([batch(1, "2")]).length).toBe(3); // one group: no overall row
});

test("table cells: numbers right-aligned, undefined as a dash", () => {
  expect(formatTable(["group", "essays"], [["a", 30], ["bb", undefined]])).toEqual(["group  essays", "-----  ------", "a          30", "bb          –"]);
  expect([fixed(0.456), fixed(undefined), fixed(Number.NaN), percent(0.875), percent(undefined)]).toEqual(["0.46", "–", "–", "88%", "–"]);
});
