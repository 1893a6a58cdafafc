// One bus hop (publish → consume → handler → ack) through shared/bus and the event runtime,
// against bare ioredis XADD/XREADGROUP/XACK in the same run, on a redis-server this bench starts.
// Latency: one event at a time (publish start → ack done), p50/p95. Throughput: N events
// published at once, time until the last is acked, and this process's CPU time per hop (less
// sensitive to a busy machine than wall time). Every path runs once per round, rounds
// interleaved; figures are the median over rounds. Ratios are taken within each round (against
// that round's raw run, seconds apart, so a machine busy now and idle later cancels out) and the
// median of those per-round ratios is printed.
// Run: bun bench/bus-hop.ts [latencyCount=1000] [throughputCount=3000] [rounds=5]
//   BUS_HOP_ONLY=raw,bus runs a subset (raw, bus, runonce, runonce-before, emit, marks), e.g. under --cpu-prof.
import { startRedis } from "../shared/testing/redis.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { runHops, type HopFigures, type HopVariant } from "./support/hop-harness.ts";
import { busVariant, marksVariant, rawVariant, runOnceAlwaysWakeVariant, runOnceEmitVariant, runOnceVariant } from "./support/hop-variants.ts";

const latencyCount = Number(process.argv[2] ?? 1000);
const throughputCount = Number(process.argv[3] ?? 3000);
const rounds = Number(process.argv[4] ?? 5);
const GOAL = 1.5;

const redis = await startRedis();
const dir = tempDir("huleedu-bus-hop-");
const all: Record<string, (url: string, dir: string) => HopVariant> = {
  raw: rawVariant, bus: busVariant, runonce: runOnceVariant, "runonce-before": runOnceAlwaysWakeVariant, emit: runOnceEmitVariant, marks: marksVariant,
};
const only = process.env.BUS_HOP_ONLY?.split(",") ?? Object.keys(all);
const byLabel = new Map<string, HopFigures[]>();
// Per path, per round: its figures divided by the same round's raw figures.
const ratiosByLabel = new Map<string, { p50: number; p95: number; throughput: number; cpu: number }[]>();
try {
  for (let round = 0; round < rounds; round++) {
    let rawThisRound: HopFigures | undefined;
    for (const key of only) {
      const make = all[key];
      if (!make) throw new Error(`unknown path ${key}`);
      const figures = await runHops(make(redis.url, dir.path), { warmup: 300, latencyCount, throughputCount });
      byLabel.set(figures.label, [...(byLabel.get(figures.label) ?? []), figures]);
      if (key === "raw") rawThisRound = figures;
      if (rawThisRound) {
        const r = rawThisRound;
        const ratio = { p50: figures.p50 / r.p50, p95: figures.p95 / r.p95, throughput: r.perSecond / figures.perSecond, cpu: figures.cpuMicros / r.cpuMicros };
        ratiosByLabel.set(figures.label, [...(ratiosByLabel.get(figures.label) ?? []), ratio]);
      }
      Bun.gc(true);
    }
  }
} finally {
  await redis.stop();
  dir.remove();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const summary = [...byLabel].map(([label, runs]) => {
  const ratios = ratiosByLabel.get(label) ?? [];
  return {
    label, p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)),
    perSecond: median(runs.map((r) => r.perSecond)), cpuMicros: median(runs.map((r) => r.cpuMicros)),
    ratio: { p50: median(ratios.map((r) => r.p50)), p95: median(ratios.map((r) => r.p95)), throughput: median(ratios.map((r) => r.throughput)), cpu: median(ratios.map((r) => r.cpu)) },
  };
});
const raw = summary.find((s) => s.label.startsWith("raw")) ?? summary[0];
if (!raw) process.exit(1);
const f = (n: number) => n.toFixed(3);
const x = (n: number) => `${n.toFixed(2)}x`;
console.log(`bus hop: ${latencyCount} sequential hops (latency) and ${throughputCount} at once (throughput) per path, median of ${rounds} interleaved rounds; one redis-server, one Bun process`);
console.log("ratios: median over rounds of (path / raw of the same round); throughput ratio is raw/path");
console.log("| path | p50 (ms) | p95 (ms) | hops/s | CPU µs/hop | p50 ratio | p95 ratio | throughput ratio | CPU ratio |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const s of summary) {
  console.log(`| ${s.label} | ${f(s.p50)} | ${f(s.p95)} | ${s.perSecond.toFixed(0)} | ${s.cpuMicros.toFixed(0)} | ${x(s.ratio.p50)} | ${x(s.ratio.p95)} | ${x(s.ratio.throughput)} | ${x(s.ratio.cpu)} |`);
}
console.log(`raw per-round hops/s: ${(byLabel.get(raw.label) ?? []).map((r) => r.perSecond.toFixed(0)).join(", ")} (spread = machine noise)`);
const bus = summary.find((s) => s.label.startsWith("shared/bus"));
if (bus && bus !== raw) {
  const worst = Math.max(bus.ratio.p50, bus.ratio.throughput);
  console.log(`shared/bus vs raw: worst of p50 and throughput ratios ${x(worst)} (goal <= ${GOAL}x): ${worst <= GOAL ? "met" : "NOT met"}`);
}
process.exit(0);
