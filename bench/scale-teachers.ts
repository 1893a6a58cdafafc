// Many teachers at once through the whole stack (every service its own process, throwaway Redis,
// temp SQLite files, the local offline LLM judge): N teachers sign up at the same moment, each
// registers a batch with a prompt, uploads K essays (unique within the batch, made at run time from
// samples/essays), requests the pipeline and polls once a second until the batch is done. Prints
// batches completed / failed / errors (errors must be 0), time to completion p50/p95/max, total
// wall time, CJ comparisons per second, and the stack's peak RSS (service processes, sampled 1/s).
// Run: bun bench/scale-teachers.ts [teachers=50] [essays=30] [--pipeline=comprehensive] [--budget-min=15]
import { logProblems, percentile, runTeacherLoad, type LoadResult } from "./support/teacher-load.ts";

const s = (msValue: number) => (Number.isFinite(msValue) ? `${(msValue / 1000).toFixed(1)} s` : "–");

/** Print the figures of one load run; true when every batch completed successfully. */
export function printLoad(label: string, r: LoadResult, essays: number): boolean {
  const ok = r.runs.filter((x) => x.status === "COMPLETED_SUCCESSFULLY");
  const failed = r.runs.filter((x) => x.status && x.status !== "COMPLETED_SUCCESSFULLY");
  const errors = r.runs.filter((x) => x.error);
  const times = r.runs.flatMap((x) => (x.completionMs === undefined ? [] : [x.completionMs]));
  const server = r.runs.flatMap((x) => (x.serverMs === undefined ? [] : [x.serverMs]));
  const comparisons = r.runs.reduce((n, x) => n + (x.comparisons ?? 0), 0);
  const cjStarts = r.runs.flatMap((x) => (x.cjStartedAt ? [x.cjStartedAt] : []));
  const cjEnds = r.runs.flatMap((x) => (x.cjCompletedAt ? [x.cjCompletedAt] : []));
  const cjWindowMs = cjStarts.length && cjEnds.length ? Math.max(...cjEnds) - Math.min(...cjStarts) : Number.NaN;
  const row = (k: string, val: string) => console.log(`  ${k.padEnd(54)} ${val}`);
  console.log(label);
  row("stack", `${r.services} service processes, started in ${s(r.stackStartMs)}`);
  row("batches completed / failed / errors", `${ok.length} / ${failed.length} / ${errors.length}`);
  row("time to completion (request -> done) p50 / p95 / max", `${s(percentile(times, 50))} / ${s(percentile(times, 95))} / ${s(percentile(times, 100))}  (client, 1 s polls)`);
  row("  same, BOS updated_at stamp p50 / p95 / max", `${s(percentile(server, 50))} / ${s(percentile(server, 95))} / ${s(percentile(server, 100))}`);
  row("total wall time (first sign-up -> last batch done)", s(r.wallMs));
  row("pipeline window (first request -> last done)", `${s(r.pipelineWindowMs)}, ${((ok.length * essays) / (r.pipelineWindowMs / 1000)).toFixed(1)} essays/s`);
  if (comparisons > 0) {
    row("CJ comparisons (sum over batches)", `${comparisons}, ${(comparisons / (cjWindowMs / 1000)).toFixed(0)} /s over the CJ window ${s(cjWindowMs)} (first CJ start -> last CJ end, RAS stamps)`);
  }
  row("peak RSS of the stack (sum of service processes)", `${r.rss.peakMb.toFixed(0)} MB over ${r.rss.processesAtPeak} processes (${r.rss.samples} samples, 1/s)`);
  for (const e of errors.slice(0, 5)) console.log(`  error, teacher ${e.teacher}: ${e.error}`);
  for (const f of failed.slice(0, 5)) console.log(`  failed, teacher ${f.teacher}: ${f.status}`);
  return ok.length === r.runs.length;
}

async function main(): Promise<void> {
  const numbers = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
  const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const teachers = numbers[0] ?? 50;
  const essays = numbers[1] ?? 30;
  const pipeline = flag("pipeline") ?? "comprehensive";
  const budgetMs = Number(flag("budget-min") ?? 15) * 60_000;
  const result = await runTeacherLoad({ teachers, essays, pipeline, budgetMs });
  const ok = printLoad(`${teachers} teachers x ${essays} essays, pipeline ${pipeline}, local judge, all at once (shared machine: other work may be running)`, result, essays);
  if (!ok) {
    console.error(`service log kept at ${result.logFile}; last warnings/errors:\n${(await logProblems(result.logFile)).join("\n")}`);
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
