// Spellcheck + NLP over a batch of ~400-word essays through the WHOLE STACK: every service runs
// as its own process (the launcher's code), with a throwaway Redis and temp SQLite files. A
// teacher signs up, registers a batch with a prompt through the gateway, uploads the essays as
// .txt files, waits for the batch to be ready, requests the `nlp` pipeline (spellcheck, then nlp
// behind a phase barrier) and polls until the batch completes. The pipeline wall time is divided
// by the time the bare `correctText` + `computeTextMetrics` take on the same texts in one
// process (warm, dictionary already loaded). Everything is bounded by one budget; the stack is
// stopped at the end whatever happens, and the service log is kept when something fails.
// After the run it prints where the time went, from the services' own /metrics (handler time and
// wait per consumed topic, compute time, internal HTTP time per route), scraped before and after.
// Run: bun bench/pipeline-full-stack.ts [essays=200] [--single]   (--single: the stack in one process)
import { join } from "node:path";
import { startStack, type Stack } from "../scripts/stack/launcher.ts";
import { loadSpeller } from "../services/spellchecker/src/domain/dictionaries.ts";
import { startRedis, type TestRedis } from "../shared/testing/redis.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { printStageBreakdown, scrapeStack } from "./support/stage-breakdown.ts";
import { benchmarkEssays, timeHandlerWork, timeSpellcheckAndNlp, type FunctionTimings, type HandlerWorkTimings } from "./spellcheck-nlp-functions.ts";
import {
  BatchRegisteredSchema, BatchResultsSchema, BatchStatusViewSchema, BatchSummarySchema, expectOk, pollUntil, type BatchStatusView, type BatchSummary,
} from "./support/batch-views.ts";
import { signUpTeacher, storePrompt, type GatewaySession } from "./support/gateway-session.ts";

const BUDGET_MS = 10 * 60_000;
const UPLOAD_CHUNK = 25;
// 300 ms keeps polling under the gateway's 300 requests/user/minute limit; the server-side
// completion stamp is printed too, so the figure does not depend on the poll interval.
const POLL_MS = 300;
// No visible progress (BOS status/phase, RAS per-phase counts) for this long means stuck.
const STALL_MS = 120_000;
const TERMINAL = new Set(["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY"]);
const ms = (n: number) => `${n.toFixed(0)} ms`;

interface PipelineRun {
  final: BatchSummary;
  polledMs: number;
  requestedAt: number;
  /** When the client first saw each phase as the batch's current phase, ms after the request. */
  phaseSeenAt: Map<string, number>;
}

async function bareFunctions(essays: string[]): Promise<{ timings: FunctionTimings; handlerWork: HandlerWorkTimings; dictionaryMs: number }> {
  const t0 = performance.now();
  await loadSpeller("en");
  const dictionaryMs = performance.now() - t0;
  await timeSpellcheckAndNlp("en", essays.slice(0, 5)); // JIT warm-up, as a long-running service would be
  await timeHandlerWork("en", essays.slice(0, 5)); // and Harper's setup and warm-up
  return { timings: await timeSpellcheckAndNlp("en", essays), handlerWork: await timeHandlerWork("en", essays), dictionaryMs };
}

async function uploadEssays(session: GatewaySession, batchId: string, essays: string[]): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < essays.length; i += UPLOAD_CHUNK) {
    const form = new FormData();
    form.set("batch_id", batchId);
    essays.slice(i, i + UPLOAD_CHUNK).forEach((text, j) => {
      form.append("files", new File([text], `essay-${String(i + j + 1).padStart(3, "0")}.txt`, { type: "text/plain" }));
    });
    const answer = await session.call("POST", "/v1/files/batch", form);
    if (answer.status !== 202) throw new Error(`upload of files ${i + 1}… answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const files = (answer.body as { files?: { file_name: string; accepted: boolean; error_code?: string }[] }).files ?? [];
    const rejected = files.filter((f) => !f.accepted);
    if (rejected.length) console.warn(`  rejected uploads: ${rejected.map((f) => `${f.file_name} (${f.error_code})`).join(", ")}`);
    accepted += files.length - rejected.length;
  }
  return accepted;
}

async function batchSummary(session: GatewaySession, batchId: string): Promise<BatchSummary> {
  return expectOk(await session.call("GET", `/v1/batches/${batchId}`), BatchSummarySchema, "GET batch");
}

async function batchStatusView(session: GatewaySession, batchId: string): Promise<BatchStatusView | undefined> {
  const answer = await session.call("GET", `/v1/batches/${batchId}/status`);
  return answer.status === 404 ? undefined : expectOk(answer, BatchStatusViewSchema, "GET batch status");
}

async function runPipeline(session: GatewaySession, batchId: string, deadline: number): Promise<PipelineRun> {
  const requestedAt = Date.now();
  const started = performance.now();
  const request = await session.call("POST", `/v1/batches/${batchId}/pipelines`, { requested_pipeline: "nlp" });
  if (request.status !== 202) throw new Error(`pipeline request answered ${request.status}: ${JSON.stringify(request.body)}`);
  const phaseSeenAt = new Map<string, number>();
  let polls = 0;
  let progress = "";
  let progressAt = Date.now();
  const final = await pollUntil("the nlp pipeline to complete", deadline, POLL_MS, async () => {
    const batch = await batchSummary(session, batchId);
    if (batch.current_phase && !phaseSeenAt.has(batch.current_phase)) phaseSeenAt.set(batch.current_phase, performance.now() - started);
    if (TERMINAL.has(batch.status)) return batch;
    // Every ~3 s look at RAS too: a refusal leaves the batch ready, and per-phase counts show
    // progress, so a stuck pipeline fails with what it was stuck on instead of eating the budget.
    if (++polls % 10 === 0) {
      const view = await batchStatusView(session, batchId);
      if (view?.denial && batch.status === "READY_FOR_PIPELINE_EXECUTION") throw new Error(`pipeline denied: ${view.denial.error_code} ${view.denial.message}`);
      const phases = (view?.phases ?? []).map((p) => `${p.phase}:${p.status}:${p.processed_count ?? 0}/${p.essay_count ?? "?"} failed ${p.failed_count ?? 0}`);
      const now = `${batch.status} current_phase=${batch.current_phase ?? "none"} updated_at=${batch.updated_at ?? "?"}; RAS ${phases.join(", ") || "no phases"}`;
      if (now !== progress) [progress, progressAt] = [now, Date.now()];
      else if (Date.now() - progressAt > STALL_MS) throw new Error(`pipeline stalled: no progress for ${STALL_MS / 1000} s (${now})`);
    }
    return undefined;
  });
  return { final, polledMs: performance.now() - started, requestedAt, phaseSeenAt };
}

function printPhases(view: BatchStatusView, requestedAt: number): void {
  const since = (at: string | null | undefined) => (at ? ms(Date.parse(at) - requestedAt).padStart(9) : "        –");
  console.log("  phases (RAS, times after the request):");
  console.log("    phase        status                   essays  done  failed   started  completed   duration");
  for (const p of view.phases) {
    console.log(
      `    ${p.phase.padEnd(12)} ${p.status.padEnd(24)} ${String(p.essay_count ?? "–").padStart(6)} ${String(p.processed_count ?? "–").padStart(5)} `
      + `${String(p.failed_count ?? "–").padStart(7)} ${since(p.started_at)} ${since(p.completed_at)} ${(p.duration_ms === null || p.duration_ms === undefined ? "–" : ms(p.duration_ms)).padStart(10)}`,
    );
  }
}

async function internalResults(rasUrl: string, internalKey: string, batchId: string) {
  const res = await fetch(`${rasUrl}/internal/v1/batches/${batchId}/results`, {
    headers: { "X-Internal-API-Key": internalKey }, signal: AbortSignal.timeout(10_000),
  });
  return expectOk({ status: res.status, body: await res.json(), at: Date.now() }, BatchResultsSchema, "RAS internal results");
}

async function tailProblems(logFile: string, lines = 25): Promise<string[]> {
  const text = await Bun.file(logFile).text().catch(() => "");
  return text.split("\n").filter((l) => /"level":"(warn|error|fatal)"|Error|error:/.test(l)).slice(-lines);
}

async function main(): Promise<void> {
  const count = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
  const single = process.argv.includes("--single");
  const deadline = Date.now() + BUDGET_MS;
  const essays = await benchmarkEssays("en", count);
  const meanWords = essays.reduce((n, e) => n + e.split(/\s+/).filter(Boolean).length, 0) / essays.length;
  const bare = await bareFunctions(essays);

  const dir = tempDir("huleedu-bench-stack-");
  const logFile = join(dir.path, "services.log");
  let redis: TestRedis | undefined;
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= (async () => {
    await stack?.stop();
    await redis?.stop();
  })());
  // Belt and braces: whatever hangs, the run ends by itself and takes the stack down with it.
  const watchdog = setTimeout(() => {
    console.error(`budget of ${BUDGET_MS / 1000} s exceeded; stopping the stack (log kept at ${logFile})`);
    void shutdown().finally(() => process.exit(2));
  }, BUDGET_MS + 30_000);
  let failed = false;
  try {
    redis = await startRedis();
    const stackStart = performance.now();
    stack = await startStack({
      redisUrl: redis.url, dataDir: dir.path, freePorts: true, showLogs: false, logFile, single,
      extraEnv: { HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "50", LOG_LEVEL: "warn" },
    });
    const stackStartMs = performance.now() - stackStart;
    const urls = stack.urls as Record<string, string>;
    const session = await signUpTeacher(urls.identity ?? "", urls["api-gateway"] ?? "");
    const prompt = await storePrompt(urls["content-service"] ?? "", stack.env.HULEEDU_INTERNAL_API_KEY ?? "", "Should schools ban mobile phones? Argue your case.");
    const registered = expectOk(await session.call("POST", "/v1/batches/register", {
      expected_essay_count: count, course_code: "ENG5", essay_instructions: "Write an argumentative essay.", student_prompt_ref: prompt,
    }), BatchRegisteredSchema, "register batch");
    const batchId = registered.batch_id;

    const uploadStart = performance.now();
    const accepted = await uploadEssays(session, batchId, essays);
    const uploadMs = performance.now() - uploadStart;
    const ready = await pollUntil("the batch to be READY_FOR_PIPELINE_EXECUTION", deadline, 100, async () => {
      const batch = await batchSummary(session, batchId);
      return batch.status === "AWAITING_CONTENT" ? undefined : batch;
    });
    const readyMs = performance.now() - uploadStart;
    if (ready.status !== "READY_FOR_PIPELINE_EXECUTION") throw new Error(`batch went to ${ready.status} instead of ready`);

    const metricsBefore = await scrapeStack(urls);
    const run = await runPipeline(session, batchId, deadline);
    const serverMs = run.final.updated_at ? Date.parse(run.final.updated_at) - run.requestedAt : Number.NaN;
    const view = await pollUntil("RAS to record the finished pipeline", Math.min(deadline, Date.now() + 20_000), 250, async () => {
      const v = await batchStatusView(session, batchId);
      return v?.last_pipeline?.pipeline === "nlp" ? v : undefined;
    }).catch(() => undefined);
    const metricsAfter = await scrapeStack(urls);
    const viaGateway = expectOk(await session.call("GET", `/v1/batches/${batchId}/results`), BatchResultsSchema, "GET results");
    // Cross-check on RAS's own internal route, in case the gateway's view is short of essays.
    const viaRas = await internalResults(urls["result-aggregator"] ?? "", stack.env.HULEEDU_INTERNAL_API_KEY ?? "", batchId);
    const tally = (essays: typeof viaRas.essays) => ({
      nlp: essays.filter((e) => e.nlp?.status === "success").length,
      corrections: essays.reduce((n, e) => n + (e.spellcheck?.correction_count ?? 0), 0),
    });

    const b = bare.timings;
    const row = (label: string, value: string, note = "") => console.log(`  ${label.padEnd(52)} ${value.padStart(9)}  ${note}`);
    console.log(`full stack: ${count} essays of ~${meanWords.toFixed(0)} words (en, ENG5), ${stack.started.length} services ${single ? "in one process" : "in their own processes"}`);
    row(`stack start (sequential health checks)`, ms(stackStartMs));
    row(`upload (${Math.ceil(count / UPLOAD_CHUNK)} requests of <=${UPLOAD_CHUNK} .txt files)`, ms(uploadMs), `${accepted}/${count} accepted`);
    row("upload start -> READY_FOR_PIPELINE_EXECUTION", ms(readyMs), `counts ${JSON.stringify(ready.counts)}`);
    row(`pipeline nlp: request -> ${run.final.status}`, ms(run.polledMs), `client clock, polled every ${POLL_MS} ms`);
    row("pipeline nlp: request -> BOS updated_at", ms(serverMs), "server stamp");
    for (const [phase, at] of run.phaseSeenAt) row(`  client first saw current_phase=${phase}`, ms(at));
    row("bare functions, one process, warm: spellcheck", ms(b.spellcheckMs), `${(b.spellcheckMs / count).toFixed(2)} ms/essay`);
    row("bare functions, one process, warm: nlp", ms(b.nlpMs), `${(b.nlpMs / count).toFixed(2)} ms/essay`);
    row("bare functions, total", ms(b.totalMs), `dictionary load ${ms(bare.dictionaryMs)} once, not counted`);
    console.log(`ratio pipeline / bare functions: ${(run.polledMs / b.totalMs).toFixed(1)}x (server stamp ${(serverMs / b.totalMs).toFixed(1)}x)`);
    const h = bare.handlerWork;
    row("handlers' compute without I/O: spellcheck", ms(h.spellcheckMs), `${(h.spellcheckMs / count).toFixed(2)} ms/essay`);
    row("handlers' compute without I/O: Harper grammar check", ms(h.grammarMs), `${(h.grammarMs / count).toFixed(2)} ms/essay (not in the bare functions above)`);
    row("handlers' compute without I/O: metrics with tagger, zipf", ms(h.nlpMs), `${(h.nlpMs / count).toFixed(2)} ms/essay`);
    row("handlers' compute without I/O, total", ms(h.totalMs), "the work the two handlers do, one after the other");
    console.log(`ratio pipeline / handlers' compute: ${(run.polledMs / h.totalMs).toFixed(1)}x (server stamp ${(serverMs / h.totalMs).toFixed(1)}x)`);
    const g = tally(viaGateway.essays);
    const r = tally(viaRas.essays);
    console.log(`results: gateway /results lists ${viaGateway.essays.length} essays (${g.nlp} nlp success, ${g.corrections} corrections); `
      + `RAS internal /results lists ${viaRas.essays.length} (${r.nlp} nlp success, ${r.corrections} corrections); bare functions: ${b.corrections} corrections`);
    if (view) printPhases(view, run.requestedAt);
    else console.log("  phases: RAS did not record the finished pipeline within 20 s");
    printStageBreakdown(metricsBefore, metricsAfter, run.polledMs);
    if (run.final.status !== "COMPLETED_SUCCESSFULLY") failed = true;
  } catch (err) {
    failed = true;
    console.error(`FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  } finally {
    clearTimeout(watchdog);
    const stopStart = performance.now();
    await shutdown();
    console.log(`stack stopped in ${ms(performance.now() - stopStart)}`);
    if (failed) {
      const problems = await tailProblems(logFile);
      console.error(`service log kept at ${logFile}${problems.length ? `; last warnings/errors:\n${problems.join("\n")}` : " (no warnings or errors in it)"}`);
    } else {
      dir.remove();
    }
  }
  if (failed) process.exitCode = 1;
}

if (import.meta.main) await main();
