// From a parsed table and the options to the runner's plan: batches, each group's band range and
// scale, the anchors each batch's assignment gets, and what a run would spend. Pure.
import type { DelimitedTable } from "./delimited-text.ts";
import { defaultColumns, groupEssays, readLabelledCorpus, type CorpusColumns, type LabelledCorpus } from "./labelled-corpus.ts";
import type { RunnerOptions } from "./runner-options.ts";
import { planBatches, pickAnchors, type AnchorPick, type PlannedBatch } from "./sampling.ts";
import { bandOf, bandRangeOf, bandsOf, numericScaleId, type BandRange } from "./score-bands.ts";
import { formatTable } from "./text-table.ts";

/** CJ's default budget is ⌈items × COMPARISONS_PER_ITEM / 2⌉ (12 unless the stack sets CJ_COMPARISONS_PER_ITEM). */
export const CJ_COMPARISONS_PER_ITEM = 12;
/** Entitlements' default costs (ENTITLEMENTS_COST_*). */
export const CREDITS_PER_COMPARISON = 1;
export const CREDITS_PER_FEEDBACK = 2;

export interface PlannedRun {
  batch: PlannedBatch;
  range: BandRange;
  scale: string;
  anchors: AnchorPick[];
  /** Upper bound: CJ's default budget for the essays plus anchors. */
  maxComparisons: number;
  maxCredits: number;
}

export interface CorpusPlan {
  columns: CorpusColumns;
  corpus: LabelledCorpus;
  groups: { group: string; essays: number; range: BandRange }[];
  runs: PlannedRun[];
  tooSmall: string[];
}

function groupSeed(seed: number, group: string): number {
  let h = seed >>> 0;
  for (const ch of group) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

export function planCorpusRun(table: DelimitedTable, options: RunnerOptions): CorpusPlan {
  const defaults = defaultColumns(table.header);
  const columns: CorpusColumns = {
    text: options.textCol ?? defaults.text, score: options.scoreCol ?? defaults.score, group: options.groupCol ?? defaults.group, id: options.idCol ?? defaults.id,
    ...(options.raterCols ? { raters: options.raterCols as [string, string] } : defaults.raters ? { raters: defaults.raters } : {}),
  };
  const corpus = readLabelledCorpus(table, columns, options.groups);
  if (corpus.essays.length === 0) throw new Error(`no essays with a score${options.groups ? ` in groups ${options.groups.join(",")}` : ""}`);
  const byGroup = groupEssays(corpus.essays);
  const mode = options.scoreRange ?? (options.groupCol === undefined ? defaults.rangeMode : "file");
  const fileRange = typeof mode === "object" ? mode : bandRangeOf(corpus.essays.map((e) => e.score));
  const ranges = new Map([...byGroup].map(([g, essays]) => [g, mode === "group" ? bandRangeOf(essays.map((e) => e.score)) : fileRange]));
  const plan = planBatches(byGroup, { batchCount: options.batches, batchSize: options.batchSize, seed: options.seed });
  // One anchor set per group, from essays in none of its batches: every batch of a group is graded against the same anchors.
  const anchorsByGroup = new Map<string, AnchorPick[]>();
  for (const group of new Set(plan.batches.map((b) => b.group))) {
    const range = ranges.get(group) as BandRange;
    anchorsByGroup.set(group, pickAnchors(plan.unused.get(group) ?? [], {
      perBand: options.anchorsPerBand, bands: bandsOf(range), bandOf: (s) => bandOf(s, range), maxAnchors: options.maxAnchors, seed: groupSeed(options.seed, group),
    }));
  }
  const runs = plan.batches.map((batch) => {
    const range = ranges.get(batch.group) as BandRange;
    const anchors = anchorsByGroup.get(batch.group) ?? [];
    const maxComparisons = Math.ceil(((batch.essays.length + anchors.length) * CJ_COMPARISONS_PER_ITEM) / 2);
    const feedback = options.pipeline === "comprehensive" ? batch.essays.length * CREDITS_PER_FEEDBACK : 0;
    return { batch, range, scale: options.scale ?? numericScaleId(range), anchors, maxComparisons, maxCredits: maxComparisons * CREDITS_PER_COMPARISON + feedback };
  });
  return {
    columns, corpus, runs, tooSmall: plan.tooSmall,
    groups: [...byGroup].map(([group, essays]) => ({ group, essays: essays.length, range: ranges.get(group) as BandRange })),
  };
}

/** The dry-run's printout: what would be sent, and at most what it would cost. */
export function formatPlan(plan: CorpusPlan, options: RunnerOptions): string[] {
  const { skipped } = plan.corpus;
  const lines = [
    `${plan.corpus.essays.length} essays in ${plan.groups.length} groups (columns text=${plan.columns.text} score=${plan.columns.score} group=${plan.columns.group} id=${plan.columns.id}); `
      + `left out: ${skipped.missingScore} without a score, ${skipped.tooShort} too short to upload, ${skipped.otherGroup} in other groups`,
  ];
  if (plan.tooSmall.length > 0) lines.push(`groups with fewer than ${options.batchSize} essays (no batch): ${plan.tooSmall.join(", ")}`);
  if (plan.runs.length < options.batches) lines.push(`only ${plan.runs.length} of ${options.batches} batches fit (essays are drawn without replacement)`);
  lines.push("", ...formatTable(
    ["batch", "group", "essays", "bands", "scale", "anchors", "max comparisons", "max credits"],
    plan.runs.map((r) => [r.batch.index, r.batch.group, r.batch.essays.length, `${r.range.min}–${r.range.max}`, r.scale, r.anchors.length, r.maxComparisons, r.maxCredits]),
  ));
  const total = plan.runs.reduce((s, r) => s + r.maxComparisons, 0);
  const credits = plan.runs.reduce((s, r) => s + r.maxCredits, 0);
  lines.push("", `at most ${total} comparisons and ${credits} credits in all (CJ's default budget; its completion rule usually stops earlier). Nothing was started or spent.`);
  return lines;
}
