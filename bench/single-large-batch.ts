// One large batch through the whole stack (every service its own process, throwaway Redis, temp
// SQLite files, the local offline LLM judge): a teacher registers one batch, uploads N essays
// (made at run time from samples/essays, unique within the batch), requests `comprehensive` and
// polls until it is done. Prints the time per phase (RAS's stamps) and CJ comparisons/s, and
// divides that by CJ's bare compute on the same texts in this process (bench/support/
// bare-cj-compute.ts: the same round loop, the local judge called directly, the Bradley–Terry
// refits), measured before and after the stack run, with the load average at each point (the
// machine is shared: the ratio is the figure to read, not the absolute rates).
// Run: bun bench/single-large-batch.ts [essays=1000] [--budget-min=30]
import os from "node:os";
import { bareCjCompute, type BareCjTimings } from "./support/bare-cj-compute.ts";
import { logProblems, runTeacherLoad, uniqueEssays } from "./support/teacher-load.ts";

// The prompt and instructions runTeacherLoad gives every batch (the judge's cache key has them).
const PROMPT = "Should schools ban mobile phones? Argue your case.";
const INSTRUCTIONS = "Write an argumentative essay.";

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "–");
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const row = (k: string, v: string) => console.log(`  ${k.padEnd(50)} ${v}`);

function printBare(label: string, b: BareCjTimings, loadAvg: string): number {
  const perSecond = b.comparisons / (b.totalMs / 1000);
  row(`bare CJ compute, ${label}`, `${b.comparisons} comparisons in ${b.rounds} rounds, ${s(b.totalMs)}: ${perSecond.toFixed(0)} comparisons/s  (load ${loadAvg})`);
  row("  judge, first round (each essay measured once)", s(b.firstRoundJudgeMs));
  row("  judge, later rounds (profiles cached)", `${s(b.laterJudgeMs)}, ${(b.laterJudgeMs / Math.max(1, b.comparisons - b.comparisons / b.rounds)).toFixed(2)} ms/comparison`);
  row("  planning / refits + completion", `${s(b.planMs)} / ${s(b.fitMs)}`);
  return perSecond;
}

async function main(): Promise<void> {
  const essays = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);
  const budgetMs = Number(process.argv.find((a) => a.startsWith("--budget-min="))?.split("=")[1] ?? 30) * 60_000;
  const texts = uniqueEssays(essays, 0); // what teacher 0 uploads

  const loadBefore = load();
  const before = await bareCjCompute(texts, PROMPT, INSTRUCTIONS);
  const stackLoad = { start: load(), end: "" };
  const result = await runTeacherLoad({ teachers: 1, essays, pipeline: "comprehensive", budgetMs });
  stackLoad.end = load();
  const loadAfter = load();
  const after = await bareCjCompute(texts, PROMPT, INSTRUCTIONS);

  const run = result.runs[0]!;
  console.log(`One ${essays}-essay batch, pipeline comprehensive, local judge, whole stack (${result.services} service processes; shared 2-core machine)`);
  row("stack start", s(result.stackStartMs));
  row("status", `${run.status ?? "–"}${run.error ? `, error: ${run.error}` : ""}`);
  row("sign-up -> essays uploaded -> batch ready", `${s(run.uploadedMs ?? Number.NaN)} -> ${s(run.readyMs ?? Number.NaN)}`);
  row("pipeline request -> done (client, 1 s polls)", s(run.completionMs ?? Number.NaN));
  row("  same, BOS updated_at stamp", s(run.serverMs ?? Number.NaN));
  for (const p of run.phases ?? []) {
    const span = p.startedAt !== undefined && p.completedAt !== undefined ? p.completedAt - p.startedAt : Number.NaN;
    row(`  phase ${p.phase}`, `${s(span)}  ${p.status}${p.essayCount !== undefined ? `, ${p.essayCount} essays` : ""}`);
  }
  const cjMs = (run.cjCompletedAt ?? Number.NaN) - (run.cjStartedAt ?? Number.NaN);
  const stackRate = (run.comparisons ?? 0) / (cjMs / 1000);
  row("CJ comparisons", `${run.comparisons ?? "–"} in ${s(cjMs)}: ${stackRate.toFixed(0)} comparisons/s  (load ${stackLoad.start} -> ${stackLoad.end})`);
  row("peak RSS of the stack", `${result.rss.peakMb.toFixed(0)} MB over ${result.rss.processesAtPeak} processes`);
  const bareBefore = printBare("before the stack", before, loadBefore);
  const bareAfter = printBare("after the stack", after, loadAfter);
  const bare = (bareBefore + bareAfter) / 2;
  row("ratio stack CJ comparisons/s / bare compute", `${(stackRate / bare).toFixed(3)}  (bare: mean of before and after; the stack is ${(bare / stackRate).toFixed(1)}x slower)`);
  if (run.status !== "COMPLETED_SUCCESSFULLY") {
    console.error(`service log kept at ${result.logFile}; last warnings/errors:\n${(await logProblems(result.logFile)).join("\n")}`);
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
