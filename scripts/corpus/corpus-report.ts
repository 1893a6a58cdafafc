// The runner's printed report: one row per group and one overall, from the batch outcomes. Pure.
import { mean } from "./agreement.ts";
import { batchFigures, gradeAgreement, type BatchOutcome, type GradeAgreement } from "./batch-outcome.ts";
import { fixed, formatTable, percent, type Cell } from "./text-table.ts";

export const REPORT_COLUMNS = [
  "group", "batches", "essays", "anchors", "ρ CJ rank", "ρ grade", "QWK grade", "exact", "±1", "ECE", "ρ length", "QWK length", "ρ raters",
  "comparisons", "per item", "credits/essay", "USD/essay", "wall s",
] as const;

function reportRow(label: string, batches: readonly BatchOutcome[]): Cell[] {
  const figures = batches.map(batchFigures);
  const essays = batches.reduce((s, b) => s + b.essays.length, 0);
  const items = essays + batches.reduce((s, b) => s + b.anchors, 0);
  const comparisons = batches.reduce((s, b) => s + b.comparisons, 0);
  // Grades are compared per group on the group's own range; the overall row pools those agreements
  // by weighting each group's kappa by its essays (QWK does not pool across different ranges).
  const byGroup = new Map<string, BatchOutcome[]>();
  for (const b of batches) byGroup.set(b.group, [...(byGroup.get(b.group) ?? []), b]); // few batches: copying is fine
  const weighted = (f: (a: GradeAgreement) => number | undefined, pick: "grade" | "lengthBand") => {
    let sum = 0;
    let weight = 0;
    for (const group of byGroup.values()) {
      const all = group.flatMap((b) => b.essays);
      const range = (group[0] as BatchOutcome).range;
      const value = f(pick === "grade" ? gradeAgreement(all, (e) => e.grade, range, (e) => e.gradeProbability) : gradeAgreement(all, (e) => e.lengthBand, range));
      if (value === undefined) continue;
      sum += value * all.length;
      weight += all.length;
    }
    return weight === 0 ? undefined : sum / weight;
  };
  const costs = batches.map((b) => b.costUsd);
  const usd = costs.every((c) => c !== undefined) ? (costs as number[]).reduce((s, c) => s + c, 0) / essays : undefined;
  return [
    label, batches.length, essays, batches.reduce((s, b) => s + b.anchors, 0),
    fixed(mean(figures.map((f) => f.rhoRank))), fixed(mean(figures.map((f) => f.rhoGrade))),
    fixed(weighted((a) => a.qwk, "grade")), percent(weighted((a) => a.exact, "grade")), percent(weighted((a) => a.adjacent, "grade")), fixed(weighted((a) => a.ece, "grade")),
    fixed(mean(figures.map((f) => f.rhoLength))), fixed(weighted((a) => a.qwk, "lengthBand")), fixed(mean(figures.map((f) => f.rhoRaters))),
    comparisons, fixed((2 * comparisons) / items, 1), fixed(batches.reduce((s, b) => s + b.credits, 0) / essays, 1),
    usd === undefined ? "–" : `$${usd.toFixed(4)}`, fixed(batches.reduce((s, b) => s + b.wallMs, 0) / 1000, 1),
  ];
}

/** The report's lines: a row per group (natural order), then "overall" when there is more than one group. */
export function formatCorpusReport(batches: readonly BatchOutcome[]): string[] {
  const groups = [...new Set(batches.map((b) => b.group))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const rows = groups.map((g) => reportRow(g, batches.filter((b) => b.group === g)));
  if (groups.length > 1) rows.push(reportRow("overall", batches));
  return formatTable(REPORT_COLUMNS, rows);
}

/** One line per batch, for the log above the table. */
export function formatBatchLine(batch: BatchOutcome): string {
  const f = batchFigures(batch);
  return `batch ${batch.index} (group ${batch.group}): ${batch.essays.length} essays, ${f.ranked} ranked, ${f.graded} graded, `
    + `ρ CJ ${fixed(f.rhoRank)}, ρ length ${fixed(f.rhoLength)}, ${batch.comparisons} comparisons (${batch.finishReason ?? "?"}), ${(batch.wallMs / 1000).toFixed(1)} s`;
}

export const REPORT_NOTES = [
  "ρ: Spearman vs the human score, mean over batches (CJ rank: rank 1 = best; grade: the projected grade).",
  "QWK / exact / ±1: our grade vs the human band (score rounded half up), pooled per group; overall weights groups by essays.",
  "ECE: expected calibration error of the probability our projection gave the grade it awarded (10 bins).",
  "length: ρ of word count; QWK of the grade of the anchor nearest in word count. raters: ρ of one human rater vs the other.",
  "anchors: posted for each batch's assignment, summed over batches (a group's batches share one draw of anchors).",
  "comparisons: made by CJ, anchors included; per item: comparisons each essay or anchor took part in (2·comparisons/items, as in bench/cj-simulation.ts).",
  "credits/essay: entitlements consumed (GET /v1/credits) per batch essay; USD/essay: the LLM provider's cost counter (its /metrics) per batch essay.",
];
