// Memory of the whole stack at idle: every service in one process (`./huleedu start --single`)
// vs one process per service (the default), each started on free ports with a throwaway Redis and
// temp SQLite files, measured after start-up settles. Redis itself is not counted in either.
// Run: bun bench/stack-footprint.ts
import { startStack } from "../scripts/stack/launcher.ts";
import { startRedis } from "../shared/testing/redis.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";

const SETTLE_MS = 5_000;

/** Resident set size (MB) of these processes, from /proc. */
function rssMb(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    const status = Bun.spawnSync(["cat", `/proc/${pid}/status`]).stdout.toString();
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

function childBunPids(): number[] {
  const out = Bun.spawnSync(["ps", "-o", "pid=,comm=", "--ppid", String(process.pid)]).stdout.toString();
  return out.split("\n").map((l) => l.trim().split(/\s+/)).filter((p) => p[1] === "bun").map((p) => Number(p[0]));
}

async function measure(single: boolean): Promise<{ processes: number; mb: number; startSeconds: number }> {
  const redis = await startRedis();
  const dir = tempDir("huleedu-footprint-");
  const before = rssMb([process.pid]);
  const started = performance.now();
  const stack = await startStack({ showLogs: false, redisUrl: redis.url, dataDir: dir.path, freePorts: true, single, extraEnv: { LOG_LEVEL: "warn" } });
  const startSeconds = (performance.now() - started) / 1000;
  await Bun.sleep(SETTLE_MS);
  Bun.gc(true);
  const result = single
    ? { processes: 1, mb: rssMb([process.pid]) - before, startSeconds }
    : (() => { const pids = childBunPids(); return { processes: pids.length, mb: rssMb(pids), startSeconds }; })();
  await stack.stop();
  await redis.stop();
  dir.remove();
  return result;
}

// Single first: this process is still small, so its growth is the stack's.
const single = await measure(true);
const multi = await measure(false);
console.log("| mode | processes | RSS at idle (MB) | start-up (s) |");
console.log("| --- | --- | --- | --- |");
console.log(`| one process per service | ${multi.processes} | ${multi.mb.toFixed(0)} | ${multi.startSeconds.toFixed(1)} |`);
console.log(`| single process (--single) | 1 | ${single.mb.toFixed(0)} (growth of this process) | ${single.startSeconds.toFixed(1)} |`);
console.log(`single / multi memory: ${(single.mb / multi.mb).toFixed(2)}`);
process.exit(0);
