// Peak memory of a multi-process stack while a benchmark runs: every second, the VmRSS (from
// /proc/<pid>/status) of this process's child `bun services/<dir>/src/main.ts` processes, summed.
// The launcher does not expose pids, so the children are found with `ps --ppid` at each sample
// (a restarted or second instance is picked up too). Redis and the SMTP sink are not counted.
import { readFileSync } from "node:fs";

export interface RssSampler {
  /** Stop sampling; the peak sum (MB), the process count at that peak, and the samples taken. */
  stop(): { peakMb: number; processesAtPeak: number; samples: number };
}

function serviceChildren(): number[] {
  const out = Bun.spawnSync(["ps", "-o", "pid=,args=", "--ppid", String(process.pid)]).stdout.toString();
  return out.split("\n").map((l) => l.trim()).filter((l) => /\bservices\/[^/]+\/src\/main\.ts\b/.test(l)).map((l) => Number(l.split(/\s+/)[0]));
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // exited between ps and the read
  }
}

/** Sample the service processes' summed RSS every `intervalMs` until `stop()`. */
export function sampleStackRss(intervalMs = 1000): RssSampler {
  let peakKb = 0;
  let processesAtPeak = 0;
  let samples = 0;
  const sample = () => {
    const pids = serviceChildren();
    const kb = pids.reduce((n, pid) => n + rssKb(pid), 0);
    samples++;
    if (kb > peakKb) [peakKb, processesAtPeak] = [kb, pids.length];
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakMb: peakKb / 1024, processesAtPeak, samples };
    },
  };
}
