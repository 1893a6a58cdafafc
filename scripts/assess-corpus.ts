// ./huleedu assess-corpus FILE [...] — class-sized batches of a human-scored corpus through the
// public API, and a table of how our ranks and grades agree with the human scores (see --help).
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { formatBatchLine, formatCorpusReport, REPORT_NOTES } from "./corpus/corpus-report.ts";
import { formatPlan, planCorpusRun } from "./corpus/corpus-plan.ts";
import { detectDelimiter, parseDelimitedTable } from "./corpus/delimited-text.ts";
import type { BatchOutcome } from "./corpus/batch-outcome.ts";
import { createProgressBar } from "./corpus/progress-bar.ts";
import { BATCH_STAGES, runBatch } from "./corpus/run-batch.ts";
import { parseRunnerOptions, USAGE, type RunnerOptions } from "./corpus/runner-options.ts";
import { connectStack } from "./corpus/stack-connection.ts";

const ROOT = resolve(import.meta.dir, "..");

/** The shared development data: HULEEDU_SHARED_DATA, else ../shared/data beside the repository. */
export function sharedDataDir(): string {
  return process.env.HULEEDU_SHARED_DATA ?? resolve(ROOT, "../shared/data");
}

/** FILE as given (relative to the working directory), else relative to the shared data directory. */
function corpusFile(file: string): string {
  if (existsSync(file)) return resolve(file);
  const inShared = isAbsolute(file) ? file : resolve(sharedDataDir(), file);
  if (existsSync(inShared)) return inShared;
  throw new Error(`no corpus file ${file} (nor ${inShared}; the shared data directory is ${sharedDataDir()}${existsSync(sharedDataDir()) ? "" : ", which does not exist: set HULEEDU_SHARED_DATA"})`);
}

async function run(options: RunnerOptions): Promise<void> {
  const path = corpusFile(options.file);
  const text = readFileSync(path, "utf8");
  const plan = planCorpusRun(parseDelimitedTable(text, detectDelimiter(path, text)), options);
  console.log(`assess-corpus ${path}: ${options.pipeline}, ${options.language}, seed ${options.seed}`);
  for (const line of formatPlan(plan, options)) console.log(line);
  if (options.dryRun || plan.runs.length === 0) return;

  const progress = createProgressBar(plan.runs.length * BATCH_STAGES);
  const stack = await connectStack({ baseUrl: options.baseUrl, identityUrl: options.identityUrl, lpsUrl: options.lpsUrl, say: (l) => progress.log(l) });
  const runId = `${options.seed}-${Date.now().toString(36)}`;
  const outcomes: BatchOutcome[] = [];
  const started = performance.now();
  let failed = false;
  try {
    for (const [i, planned] of plan.runs.entries()) {
      const outcome = await runBatch(stack, planned, {
        pipeline: options.pipeline, language: options.language, seed: options.seed, timeoutMs: options.timeoutMinutes * 60_000, runId,
      }, (done, status) => progress.update(i * BATCH_STAGES + done, status));
      outcomes.push(outcome);
      progress.log(formatBatchLine(outcome));
    }
  } catch (err) {
    failed = true;
    progress.finish();
    if (stack.logFile) console.error(`service logs kept in ${stack.logFile}`);
    throw err;
  } finally {
    progress.finish();
    if (outcomes.length > 0) {
      console.log("");
      for (const line of formatCorpusReport(outcomes)) console.log(line);
      for (const note of REPORT_NOTES) console.log(`  ${note}`);
      console.log(`  wall time ${((performance.now() - started) / 1000).toFixed(1)} s for ${outcomes.length} batches${stack.started ? " (stack started by the runner)" : ""}`);
    }
    await stack.stop(failed);
  }
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    await run(parseRunnerOptions(argv));
    process.exit(0);
  } catch (err) {
    console.error(`assess-corpus: ${err instanceof Error ? err.message : String(err)}`);
    if (argv.length === 0) console.error(USAGE);
    process.exit(1);
  }
}
