// Many teachers at once against one whole stack (every service its own process, the launcher's
// code, a throwaway Redis and temp SQLite files): each signs up, registers a batch with a prompt,
// uploads its essays, waits for the batch to be ready, requests a pipeline and polls until the
// batch is done. Shared by bench/scale-teachers.ts and bench/worker-instances.ts. One global
// budget; the stack is stopped at the end whatever happens (a watchdog too, should a stop hang).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as v from "valibot";
import { startStack, type Stack } from "../../scripts/stack/launcher.ts";
import { startRedis, type TestRedis } from "../../shared/testing/redis.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import { BatchRegisteredSchema, BatchStatusViewSchema, BatchSummarySchema, expectOk, pollUntil } from "./batch-views.ts";
import { signUpTeacher, storePrompt, type GatewaySession } from "./gateway-session.ts";
import { sampleStackRss } from "./stack-rss.ts";

const SAMPLES = resolve(import.meta.dir, "../../samples/essays");
const UPLOAD_CHUNK = 25;
// Each teacher polls once a second: well under the gateway's 300 requests/user/minute (its
// default limit is kept), and the server's completion stamp (BOS updated_at) is recorded too.
const POLL_MS = 1000;
const TERMINAL = new Set(["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY"]);
const WITH_CJ = new Set(["cj_assessment", "comprehensive"]);

const ResultsSchema = v.looseObject({
  essays: v.array(v.looseObject({})),
  cj_assessment: v.nullish(v.looseObject({ comparisons_made: v.number() })),
});

export interface LoadOptions {
  teachers: number;
  essays: number;
  pipeline: string;
  budgetMs: number;
  instances?: Record<string, number>;
  /** Runs against the still-running stack once every teacher is done (metrics checks). */
  beforeStop?: (stack: Stack, redis: TestRedis) => Promise<void>;
}

export interface TeacherRun {
  teacher: number;
  status?: string;
  error?: string;
  /** Pipeline request -> terminal status, client clock (1 s poll) and BOS's updated_at stamp. */
  completionMs?: number;
  serverMs?: number;
  /** Sign-up start -> terminal status. */
  endToEndMs?: number;
  /** performance.now() at the pipeline request and at the terminal status. */
  requestedAt?: number;
  doneAt?: number;
  comparisons?: number;
  cjStartedAt?: number;
  cjCompletedAt?: number;
  essaysInResults?: number;
  /** Every phase of the pipeline as RAS stamped it (pipelines with CJ only). */
  phases?: PhaseTiming[];
  /** Sign-up start -> all essays uploaded, and -> the batch ready for its pipeline. */
  uploadedMs?: number;
  readyMs?: number;
}

export interface PhaseTiming {
  phase: string;
  status: string;
  startedAt?: number;
  completedAt?: number;
  essayCount?: number;
}

export interface LoadResult {
  runs: TeacherRun[];
  stackStartMs: number;
  /** First sign-up -> last teacher done. */
  wallMs: number;
  /** First pipeline request -> last terminal status. */
  pipelineWindowMs: number;
  rss: { peakMb: number; processesAtPeak: number; samples: number };
  services: number;
  logFile: string;
}

/** `count` texts, unique within the batch: the sample essays in turn, each with its own closing line. */
export function uniqueEssays(count: number, batchNo: number): string[] {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith(".txt")).sort().map((f) => readFileSync(join(SAMPLES, f), "utf8").trim());
  if (samples.length === 0) throw new Error(`no sample essays in ${SAMPLES}`);
  return Array.from({ length: count }, (_, i) => {
    const base = samples[i % samples.length] as string;
    return `${base}\n\nThis is my essay number ${i + 1} for class ${batchNo + 1}, draft ${Math.floor(i / samples.length) + 1}.\n`;
  });
}

async function upload(session: GatewaySession, batchId: string, essays: string[]): Promise<void> {
  for (let i = 0; i < essays.length; i += UPLOAD_CHUNK) {
    const form = new FormData();
    form.set("batch_id", batchId);
    essays.slice(i, i + UPLOAD_CHUNK).forEach((text, j) => form.append("files", new File([text], `essay-${String(i + j + 1).padStart(3, "0")}.txt`, { type: "text/plain" })));
    const answer = await session.call("POST", "/v1/files/batch", form);
    if (answer.status !== 202) throw new Error(`upload answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    const rejected = ((answer.body as { files?: { accepted: boolean; error_code?: string }[] }).files ?? []).filter((f) => !f.accepted);
    if (rejected.length) throw new Error(`${rejected.length} uploads rejected: ${rejected.map((f) => f.error_code).join(", ")}`);
  }
}

async function oneTeacher(stack: Stack, o: LoadOptions, teacher: number, deadline: number): Promise<TeacherRun> {
  const run: TeacherRun = { teacher };
  const t0 = performance.now();
  try {
    const urls = stack.urls;
    const session = await signUpTeacher(urls.identity ?? "", urls["api-gateway"] ?? "");
    const prompt = await storePrompt(urls["content-service"] ?? "", stack.env.HULEEDU_INTERNAL_API_KEY ?? "", "Should schools ban mobile phones? Argue your case.");
    const { batch_id: batchId } = expectOk(await session.call("POST", "/v1/batches/register", {
      expected_essay_count: o.essays, course_code: "ENG5", essay_instructions: "Write an argumentative essay.", student_prompt_ref: prompt,
    }), BatchRegisteredSchema, "register batch");
    await upload(session, batchId, uniqueEssays(o.essays, teacher));
    run.uploadedMs = performance.now() - t0;
    const summary = async () => expectOk(await session.call("GET", `/v1/batches/${batchId}`), BatchSummarySchema, "GET batch");
    const ready = await pollUntil("the batch to be ready", deadline, POLL_MS, async () => {
      const b = await summary();
      return b.status === "AWAITING_CONTENT" ? undefined : b;
    });
    if (ready.status !== "READY_FOR_PIPELINE_EXECUTION") throw new Error(`batch went to ${ready.status} instead of ready`);
    run.readyMs = performance.now() - t0;
    const requestedAt = Date.now();
    const started = performance.now();
    const request = await session.call("POST", `/v1/batches/${batchId}/pipelines`, { requested_pipeline: o.pipeline });
    if (request.status !== 202) throw new Error(`pipeline request answered ${request.status}: ${JSON.stringify(request.body).slice(0, 300)}`);
    const final = await pollUntil(`the ${o.pipeline} pipeline to finish`, deadline, POLL_MS, async () => {
      const b = await summary();
      return TERMINAL.has(b.status) ? b : undefined;
    });
    run.status = final.status;
    run.requestedAt = started;
    run.doneAt = performance.now();
    run.completionMs = run.doneAt - started;
    run.endToEndMs = performance.now() - t0;
    if (final.updated_at) run.serverMs = Date.parse(final.updated_at) - requestedAt;
    // Results and the CJ phase's stamps, once RAS has them (it may trail BOS by a moment).
    const wantCj = WITH_CJ.has(o.pipeline);
    const results = await pollUntil("RAS results", Math.min(deadline, Date.now() + 20_000), POLL_MS, async () => {
      const r = expectOk(await session.call("GET", `/v1/batches/${batchId}/results`), ResultsSchema, "GET results");
      return !wantCj || r.cj_assessment ? r : undefined;
    });
    run.essaysInResults = results.essays.length;
    if (wantCj) {
      run.comparisons = results.cj_assessment?.comparisons_made;
      const view = expectOk(await session.call("GET", `/v1/batches/${batchId}/status`), BatchStatusViewSchema, "GET status");
      run.phases = view.phases.map((p) => ({
        phase: p.phase, status: p.status,
        ...(p.started_at ? { startedAt: Date.parse(p.started_at) } : {}),
        ...(p.completed_at ? { completedAt: Date.parse(p.completed_at) } : {}),
        ...(typeof p.essay_count === "number" ? { essayCount: p.essay_count } : {}),
      }));
      const cj = view.phases.find((p) => p.phase === "cj_assessment");
      if (cj?.started_at) run.cjStartedAt = Date.parse(cj.started_at);
      if (cj?.completed_at) run.cjCompletedAt = Date.parse(cj.completed_at);
    }
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
    run.endToEndMs = performance.now() - t0;
  }
  return run;
}

/** Start a stack, run `o.teachers` teachers at once, stop the stack; throws only if the stack cannot start. */
export async function runTeacherLoad(o: LoadOptions): Promise<LoadResult> {
  const deadline = Date.now() + o.budgetMs;
  const dir = tempDir("huleedu-bench-load-");
  const logFile = join(dir.path, "services.log");
  let redis: TestRedis | undefined;
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= (async () => {
    await stack?.stop();
    await redis?.stop();
  })());
  const watchdog = setTimeout(() => {
    console.error(`budget of ${o.budgetMs / 1000} s exceeded by 60 s; stopping the stack (log at ${logFile})`);
    void shutdown().finally(() => process.exit(2));
  }, o.budgetMs + 60_000);
  const rss = sampleStackRss(1000);
  let failed = true;
  try {
    redis = await startRedis();
    const t0 = performance.now();
    stack = await startStack({
      redisUrl: redis.url, dataDir: dir.path, freePorts: true, showLogs: false, logFile, ...(o.instances ? { instances: o.instances } : {}),
      // Every teacher here signs up from 127.0.0.1, and identity allows 20 registrations per client
      // IP a minute (IDENTITY_REGISTER_RATE_LIMIT): raised so 50 teachers can sign up at once.
      extraEnv: {
        HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "50", LOG_LEVEL: "warn", LPS_DEFAULT_PROVIDER: "local",
        IDENTITY_REGISTER_RATE_LIMIT: String(Math.max(20, o.teachers * 2)),
        // comprehensive costs about 8 credits an essay (6 comparisons + feedback); the default 1,000
        // would deny batches past ~125 essays (bench/single-large-batch.ts).
        ENTITLEMENTS_INITIAL_USER_CREDITS: String(Math.max(1000, o.essays * 20)),
      },
    });
    const stackStartMs = performance.now() - t0;
    const loadStart = performance.now();
    const runs = await Promise.all(Array.from({ length: o.teachers }, (_, i) => oneTeacher(stack as Stack, o, i, deadline)));
    const wallMs = performance.now() - loadStart;
    const done = runs.filter((r) => r.requestedAt !== undefined && r.doneAt !== undefined);
    const pipelineWindowMs = done.length ? Math.max(...done.map((r) => r.doneAt as number)) - Math.min(...done.map((r) => r.requestedAt as number)) : Number.NaN;
    await o.beforeStop?.(stack, redis);
    failed = runs.some((r) => r.error || r.status !== "COMPLETED_SUCCESSFULLY");
    return { runs, stackStartMs, wallMs, pipelineWindowMs, rss: rss.stop(), services: stack.started.length, logFile };
  } finally {
    rss.stop();
    clearTimeout(watchdog);
    await shutdown();
    if (!failed) dir.remove();
  }
}

/** Nearest-rank percentile of `xs` (ms). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** The last warnings/errors of the service log, to print when a run failed. */
export async function logProblems(logFile: string, lines = 15): Promise<string[]> {
  const text = await Bun.file(logFile).text().catch(() => "");
  return text.split("\n").filter((l) => /"level":"(warn|error|fatal)"|Error|error:/.test(l)).slice(-lines);
}
