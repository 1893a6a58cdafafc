// CJ through its own part of the stack only: content service, cj-assessment and llm-provider as
// separate processes (the launcher's code, a throwaway Redis, temp SQLite files, the local judge).
// One CJAssessmentRequested for N essays goes straight onto the bus; the run ends at
// CJAssessmentCompleted. Prints comparisons/s, the time per round from CJ's own log lines
// (issued -> settled), and where the handler time went (the services' /metrics). Faster to iterate
// on than bench/single-large-batch.ts, which runs the whole pipeline.
// Run: bun bench/cj-stack-rounds.ts [essays=300] [--info] (--info: CJ logs at info level, for the round spans).
// PROBE_BUN_OPTIONS="--cpu-prof-md --cpu-prof-dir=/tmp/prof" gives each service a CPU profile on exit.
// Also prints the CPU time each service spent on the batch (process_cpu_seconds_total before vs
// after): on a shared, loaded machine wall time varies run to run far more than CPU time does.
import { join } from "node:path";
import { publishEnvelope } from "../shared/bus/publisher.ts";
import { parseReadReply } from "../shared/bus/streams.ts";
import { makeEnvelope } from "../shared/contracts/topics.ts";
import { CJAssessmentRequestedTopic } from "../shared/contracts/events/els.ts";
import { CJAssessmentCompletedTopic } from "../shared/contracts/events/cj.ts";
import { startStack } from "../scripts/stack/launcher.ts";
import { startRedis } from "../shared/testing/redis.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { storePrompt } from "./support/gateway-session.ts";
import { printStageBreakdown, scrapeStack } from "./support/stage-breakdown.ts";
import { uniqueEssays } from "./support/teacher-load.ts";

const essays = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 300);
const info = process.argv.includes("--info");
const redis = await startRedis();
const dir = tempDir("huleedu-cj-rounds-");
const logFile = join(dir.path, "services.log");
const stack = await startStack({
  redisUrl: redis.url, dataDir: dir.path, freePorts: true, showLogs: false, logFile, only: ["content-service", "llm-provider", "cj-assessment"],
  extraEnv: { HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "50", LOG_LEVEL: info ? "info" : "warn", LPS_DEFAULT_PROVIDER: "local", ...(process.env.PROBE_BUN_OPTIONS ? { BUN_OPTIONS: process.env.PROBE_BUN_OPTIONS } : {}) },
});
try {
  const key = stack.env.HULEEDU_INTERNAL_API_KEY ?? "";
  const contentUrl = stack.urls["content-service"] ?? "";
  const prompt = await storePrompt(contentUrl, key, "Should schools ban mobile phones? Argue your case.");
  const client = redis.client();
  const store = (texts: string[], tag: string) => Promise.all(texts.map(async (text, i) => {
    const res = await fetch(`${contentUrl}/v1/content`, { method: "POST", body: text, headers: { "X-Internal-API-Key": key, "Content-Type": "text/plain; charset=utf-8" } });
    const { storage_id } = (await res.json()) as { storage_id: string };
    return { essay_id: `${tag}-${i + 1}`, text_storage_id: storage_id };
  }));
  let last = "0-0";
  /** Publish one CJ request; resolves with its comparisons once CJAssessmentCompleted is read. */
  const assess = async (refs: { essay_id: string; text_storage_id: string }[]): Promise<number> => {
    const batchId = crypto.randomUUID();
    await publishEnvelope(client, CJAssessmentRequestedTopic, makeEnvelope(CJAssessmentRequestedTopic, {
      data: { batch_id: batchId, language: "en", course_code: "ENG5", essay_instructions: "Write an argumentative essay.", student_prompt_ref: prompt, user_id: "teacher-1", essays: refs },
      source: "essay-lifecycle", correlationId: crypto.randomUUID(),
    }));
    const t = Date.now();
    while (Date.now() - t < 300_000) {
      const raw = await client.call("XREAD", "BLOCK", 1000, "STREAMS", CJAssessmentCompletedTopic.name, last);
      for (const [, entries] of parseReadReply(raw)) {
        for (const e of entries) {
          last = e.id;
          const env = JSON.parse(e.fields.envelope ?? "{}") as { data?: { batch_id?: string; statistics?: { comparisons_made?: number } } };
          if (env.data?.batch_id === batchId) return env.data.statistics?.comparisons_made ?? Number.NaN;
        }
      }
    }
    throw new Error("CJ did not complete within 300 s");
  };
  // A small batch first, as the pipeline's earlier phases would: the judge's grammar checker
  // compiles on first use, and the measured batch should not pay for that.
  await assess(await store(uniqueEssays(12, 7), "warm"));
  const refs = await store(uniqueEssays(essays, 0), "essay");
  const services = { "cj-assessment": stack.urls["cj-assessment"] ?? "", "llm-provider": stack.urls["llm-provider"] ?? "" };
  const cpuOf = async () => Object.fromEntries(await Promise.all(Object.entries(services).map(async ([name, url]) => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return [name, Number(/^process_cpu_seconds_total(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? Number.NaN)] as const;
  })));
  const cpuBefore = await cpuOf();
  const before = await scrapeStack(services);
  const t0 = Date.now();
  const comparisons = await assess(refs);
  const ms = Date.now() - t0;
  const after = await scrapeStack(services);
  const cpuAfter = await cpuOf();
  console.log(`${essays} essays: ${comparisons} comparisons in ${(ms / 1000).toFixed(2)} s = ${((comparisons ?? 0) / (ms / 1000)).toFixed(0)} comparisons/s (request published -> completed read)`);
  const cpuMs = Object.keys(services).map((name) => [name, 1000 * ((cpuAfter[name] ?? Number.NaN) - (cpuBefore[name] ?? Number.NaN))] as const);
  const cpuTotal = cpuMs.reduce((sum, [, v]) => sum + v, 0);
  console.log(`  CPU time on the batch: ${cpuMs.map(([name, v]) => `${name} ${v.toFixed(0)} ms`).join(", ")}; together ${cpuTotal.toFixed(0)} ms = ${((1000 * cpuTotal) / comparisons).toFixed(0)} µs per comparison`);
  printStageBreakdown(before, after, ms);
  if (info) {
    const lines = (await Bun.file(logFile).text()).split("\n").filter((l) => l.includes("[cj-assessment]") && /round issued|round settled|CJ batch stored/.test(l));
    for (const l of lines) {
      const j = JSON.parse(l.slice(l.indexOf("{"))) as { ts: string; msg: string; round?: number; size?: number };
      console.log(`  +${((Date.parse(j.ts) - t0) / 1000).toFixed(2)} s  ${j.msg}${j.round !== undefined ? ` round ${j.round}` : ""}${j.size !== undefined ? ` size ${j.size}` : ""}`);
    }
  }
} finally {
  await stack.stop();
  await redis.stop();
  dir.remove();
}
