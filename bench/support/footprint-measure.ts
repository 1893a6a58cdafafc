// Child of bench/stack-footprint.ts: start the stack one way in THIS fresh process, measure its
// memory at idle, print JSON. A fresh process per single-process measurement, because the
// resources are module-level caches: a second stack in the same process would find them loaded.
// Run: bun bench/support/footprint-measure.ts single-eager|single|multi
import { heapStats } from "bun:jsc";
import { startStack } from "../../scripts/stack/launcher.ts";
import { startRedis } from "../../shared/testing/redis.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";

const SETTLE_MS = 5_000;
const HARPER_IDLE_MS = 3_000;
const MB = 2 ** 20;
export type FootprintMode = "single-eager" | "single" | "multi";

export interface Footprint {
  mode: FootprintMode;
  processes: number;
  /** RSS at idle: growth of this process (single) or sum over the service processes (multi). */
  mb: number;
  startSeconds: number;
  /** multi: RSS per process; single: RSS/heap growth while each service started. */
  parts: { name: string; rss: number; heap?: number }[];
  /** single: RSS growth once the lazily loaded resources were used (a grammar check, a Swedish speller). */
  afterFirstUseMb?: number;
  /** Once the Harper worker has been idle past its (shortened) idle time and stopped. */
  afterIdleMb?: number;
}

/** Resident set size (MB) of these processes, from /proc. */
function rssMb(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    const status = Bun.spawnSync(["cat", `/proc/${pid}/status`]).stdout.toString();
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

/** This process's bun children: pid and the service (or helper) each runs. */
function childBunProcesses(): { pid: number; what: string }[] {
  const out = Bun.spawnSync(["ps", "-o", "pid=,comm=,args=", "--ppid", String(process.pid)]).stdout.toString();
  return out.split("\n").map((l) => l.trim().split(/\s+/)).filter((p) => p[1] === "bun").map((p) => {
    const script = p[3] ?? "";
    const service = /services\/([^/]+)\/src\/main\.ts/.exec(script)?.[1];
    const name = service === "essay-lifecycle" ? `els-${p[4] ?? ""}` : service;
    return { pid: Number(p[0]), what: name ?? script.replace(/.*\/scripts\//, "scripts/") };
  });
}

/** Full GC, then this process's RSS and JS heap (with memory held outside it: WASM, buffers). */
function sampleSelf(): { rss: number; heap: number } {
  Bun.gc(true);
  const stats = heapStats();
  return { rss: process.memoryUsage().rss / MB, heap: (stats.heapSize + stats.extraMemorySize) / MB };
}

export async function measureFootprint(mode: FootprintMode): Promise<Footprint> {
  const single = mode !== "multi";
  const redis = await startRedis();
  const dir = tempDir("huleedu-footprint-");
  const before = sampleSelf();
  const parts: Footprint["parts"] = [];
  let last = before;
  const onServiceStarted = (name: string) => {
    if (!single) return;
    const now = sampleSelf();
    parts.push({ name, rss: now.rss - last.rss, heap: now.heap - last.heap });
    last = now;
  };
  // "single-eager" is single-process mode as it was: every dictionary and Harper loaded at start.
  const eager: Record<string, string> = mode === "single-eager"
    ? { SPELLCHECKER_WARM_LANGUAGES: "en,sv", NLP_HARPER_SETUP: "start", NLP_HARPER_THREAD: "main", NLP_HARPER_IDLE_MS: "0" }
    // The default idle time is 2 minutes; the bench waits 3 s instead, which frees the same memory.
    : { NLP_HARPER_IDLE_MS: String(HARPER_IDLE_MS) };
  const started = performance.now();
  const stack = await startStack({
    showLogs: false, redisUrl: redis.url, dataDir: dir.path, freePorts: true, single, extraEnv: { LOG_LEVEL: "warn", ...eager }, onServiceStarted,
  });
  const startSeconds = (performance.now() - started) / 1000;
  await Bun.sleep(SETTLE_MS);
  let result: Footprint;
  if (single) {
    const idle = sampleSelf();
    parts.push({ name: `(settling ${SETTLE_MS / 1000} s after start)`, rss: idle.rss - last.rss, heap: idle.heap - last.heap });
    // Use what loads lazily: a grammar check through nlp (Harper) and the Swedish speller (the
    // spellchecker's own module cache, which this process shares with the service).
    const check = await fetch(`${stack.urls.nlp}/internal/v1/check`, {
      method: "POST", headers: { "Content-Type": "application/json", "X-Internal-API-Key": stack.env.HULEEDU_INTERNAL_API_KEY ?? "" },
      body: JSON.stringify({ text: "I beleive this are a good idea, becuase everybody deserve a say.", language: "en" }),
    });
    if (check.status !== 200) throw new Error(`grammar check answered ${check.status}`);
    await (await import("../../services/spellchecker/src/domain/dictionaries.ts")).loadSpeller("sv");
    const afterFirstUseMb = sampleSelf().rss - before.rss;
    await Bun.sleep(HARPER_IDLE_MS + 2000);
    Bun.gc(true);
    result = { mode, processes: 1, mb: idle.rss - before.rss, startSeconds, parts, afterFirstUseMb, afterIdleMb: sampleSelf().rss - before.rss };
  } else {
    const children = childBunProcesses();
    for (const c of children) parts.push({ name: c.what, rss: rssMb([c.pid]) });
    result = { mode, processes: children.length, mb: rssMb(children.map((c) => c.pid)), startSeconds, parts };
  }
  await stack.stop();
  await redis.stop();
  dir.remove();
  return result;
}

if (import.meta.main) {
  const mode = process.argv[2] as FootprintMode;
  if (!["single-eager", "single", "multi"].includes(mode)) throw new Error("mode: single-eager | single | multi");
  console.log(JSON.stringify(await measureFootprint(mode)));
  process.exit(0);
}
