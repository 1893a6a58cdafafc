// Memory of the whole stack at idle: every service in one process (`./huleedu start --single`)
// vs one process per service (the default), each started on free ports with a throwaway Redis and
// temp SQLite files, measured after start-up settles. Redis itself is not counted.
// Single-process mode is measured twice, each in a fresh process: as it starts now (Swedish
// dictionary and Harper on first use) and eagerly (everything at start, as before), plus its
// growth once those lazily loaded resources have been used.
// Also printed: per service, its own process's RSS (multi) next to what starting it added to the
// single process (services share modules and resources there, so the first to load one pays);
// and per language resource, what loading it alone costs in a fresh Bun process.
// Run: bun bench/stack-footprint.ts [--no-resources]
import { join } from "node:path";
import type { Footprint, FootprintMode } from "./support/footprint-measure.ts";
import { RESOURCES } from "./support/resource-footprint.ts";

function child<T>(script: string, arg: string): T {
  const run = Bun.spawnSync(["bun", join(import.meta.dir, "support", script), arg], { stderr: "inherit" });
  const last = run.stdout.toString().trim().split("\n").pop() ?? "";
  if (run.exitCode !== 0 || !last.startsWith("{")) throw new Error(`${script} ${arg} failed (exit ${run.exitCode})`);
  return JSON.parse(last) as T;
}

const measure = (mode: FootprintMode) => child<Footprint>("footprint-measure.ts", mode);
const single = measure("single");
const eager = measure("single-eager");
const multi = measure("multi");
const f0 = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(0));

console.log("| mode | processes | RSS at idle (MB) | after first use of the lazy resources (MB) | idle again, Harper's worker stopped (MB) | start-up (s) |");
console.log("| --- | --- | --- | --- | --- | --- |");
console.log(`| one process per service | ${multi.processes} | ${f0(multi.mb)} | – | – | ${multi.startSeconds.toFixed(1)} |`);
console.log(`| single process, everything loaded at start, Harper in-thread (before) | 1 | ${f0(eager.mb)} | ${f0(eager.afterFirstUseMb)} | ${f0(eager.afterIdleMb)} | ${eager.startSeconds.toFixed(1)} |`);
console.log(`| single process, Swedish + Harper on first use, Harper on an idle-stopped worker (now) | 1 | ${f0(single.mb)} | ${f0(single.afterFirstUseMb)} | ${f0(single.afterIdleMb)} | ${single.startSeconds.toFixed(1)} |`);
console.log(`single / multi memory at idle: ${(single.mb / multi.mb).toFixed(2)} (eager: ${(eager.mb / multi.mb).toFixed(2)}); goal single <= 350 MB: ${single.mb <= 350 ? "met" : "NOT met"}`);

console.log("\nper service: its own process (multi) vs what starting it added to the single process (after a full GC)");
console.log("| service | multi: process RSS (MB) | single eager: RSS added (MB) | single eager: heap+extra (MB) | single now: RSS added (MB) | single now: heap+extra (MB) |");
console.log("| --- | --- | --- | --- | --- | --- |");
const multiBy = new Map(multi.parts.map((p) => [p.name, p.rss]));
const nowBy = new Map(single.parts.map((p) => [p.name, p]));
for (const p of eager.parts) {
  const now = nowBy.get(p.name);
  console.log(`| ${p.name} | ${f0(multiBy.get(p.name))} | ${f0(p.rss)} | ${f0(p.heap)} | ${f0(now?.rss)} | ${f0(now?.heap)} |`);
}
for (const [name, rss] of multiBy) if (!eager.parts.some((p) => p.name === name)) console.log(`| ${name} (multi only) | ${f0(rss)} | – | – | – | – |`);

if (!process.argv.includes("--no-resources")) {
  console.log("\nper language resource, loaded alone in a fresh Bun process (after a full GC)");
  console.log("| resource | RSS (MB) | JS heap + extra (MB) | load (ms) |");
  console.log("| --- | --- | --- | --- |");
  for (const name of Object.keys(RESOURCES)) {
    const r = child<{ rssMb: number; heapMb: number; ms: number }>("resource-footprint.ts", name);
    console.log(`| ${name} | ${f0(r.rssMb)} | ${f0(r.heapMb)} | ${f0(r.ms)} |`);
  }
}
process.exit(0);
