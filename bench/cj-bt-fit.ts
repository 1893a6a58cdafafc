// Bradley–Terry fit time for 1,000 essays and 20,000 comparisons, against a plain MM baseline
// (Hunter 2004) measured in the same run. Run: bun bench/cj-bt-fit.ts
import os from "node:os";
import { type Comparison, fitBradleyTerry } from "../services/cj-assessment/src/domain/bradley-terry.ts";
import { createRng } from "../services/cj-assessment/src/domain/random.ts";
import { spearman } from "../services/cj-assessment/src/domain/ranking.ts";
import { inverseDiagonalSpd } from "../services/cj-assessment/src/domain/linear-algebra.ts";
import { latentQualities, randomComparisons } from "../services/cj-assessment/test/domain/simulated-judge.ts";
import { jsBlockedInverseDiagonalSpd } from "./support/js-blocked-spd-kernels.ts";
import { unblockedInverseDiagonalSpd } from "./support/unblocked-spd-kernels.ts";

const ESSAYS = 1000;
const COMPARISONS = 20_000;
const REPEATS = 9;

/** Opponent lists in compressed rows: wins per item, and per (item, opponent) the games played. */
interface Schedule {
  readonly wins: Float64Array;
  readonly start: Int32Array;
  readonly opponent: Int32Array;
  readonly games: Float64Array;
}

function schedule(n: number, comparisons: readonly Comparison[]): Schedule {
  const games = new Map<number, number>();
  const wins = new Float64Array(n);
  for (const { winner, loser } of comparisons) {
    wins[winner]! += 1;
    for (const key of [winner * n + loser, loser * n + winner]) games.set(key, (games.get(key) ?? 0) + 1);
  }
  const keys = [...games.keys()].sort((a, b) => a - b);
  const start = new Int32Array(n + 1);
  for (const key of keys) start[Math.floor(key / n) + 1]! += 1;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  return {
    wins,
    start,
    opponent: Int32Array.from(keys, (k) => k % n),
    games: Float64Array.from(keys, (k) => games.get(k)!),
  };
}

/**
 * One MM sweep (Hunter 2004): π_i ← W_i / Σ_j n_ij / (π_i + π_j), with one virtual win and one
 * virtual loss against a fixed pseudo-item of strength 1 so perfect separation stays finite.
 * Returns the largest change of log π.
 */
function mmSweep(s: Schedule, pi: Float64Array, next: Float64Array): number {
  let maxChange = 0;
  for (let i = 0; i < pi.length; i++) {
    let denominator = 2 / (pi[i]! + 1);
    for (let e = s.start[i]!; e < s.start[i + 1]!; e++) denominator += s.games[e]! / (pi[i]! + pi[s.opponent[e]!]!);
    next[i] = (s.wins[i]! + 1) / denominator;
    maxChange = Math.max(maxChange, Math.abs(Math.log(next[i]! / pi[i]!)));
  }
  pi.set(next);
  return maxChange;
}

function mmFit(s: Schedule, tolerance: number): { scores: number[]; sweeps: number } {
  const pi = new Float64Array(s.wins.length).fill(1);
  const next = new Float64Array(pi.length);
  let sweeps = 0;
  while (sweeps < 100_000 && mmSweep(s, pi, next) >= tolerance) sweeps++;
  const logs = Array.from(pi, Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return { scores: logs.map((l) => l - mean), sweeps: sweeps + 1 };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Median time of each job, the jobs interleaved round by round (one warm-up round first) so a
 * change of machine load (other processes on the 2 cores) hits every job alike.
 */
function timeInterleaved<K extends string>(jobs: Record<K, () => unknown>): Record<K, number> {
  const names = Object.keys(jobs) as K[];
  const samples = new Map<K, number[]>(names.map((k) => [k, []]));
  for (let round = 0; round <= REPEATS; round++) {
    for (const name of names) {
      const t0 = performance.now();
      jobs[name]();
      if (round > 0) samples.get(name)!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((k) => [k, median(samples.get(k)!)])) as Record<K, number>;
}

const rng = createRng(20_000);
const truth = latentQualities(ESSAYS, rng);
const comparisons = randomComparisons(truth, COMPARISONS, rng);
const table = schedule(ESSAYS, comparisons);

/** The information matrix at the fitted scores (prior sd 3), dense row-major: the exact-SE input. */
function information(n: number, scores: readonly number[]): Float64Array {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = 1 / 9;
  for (const { winner, loser } of comparisons) {
    const p = 1 / (1 + Math.exp(scores[loser]! - scores[winner]!));
    const w = p * (1 - p);
    h[winner * n + winner]! += w;
    h[loser * n + loser]! += w;
    h[winner * n + loser]! -= w;
    h[loser * n + winner]! -= w;
  }
  return h;
}

const fit = fitBradleyTerry(ESSAYS, comparisons);
const mmResult = mmFit(table, 1e-8);
const h = information(ESSAYS, fit.scores);
const simdDiag = inverseDiagonalSpd(h, ESSAYS);
const jsDiag = jsBlockedInverseDiagonalSpd(h.slice(), ESSAYS);
const unblockedDiag = unblockedInverseDiagonalSpd(h.slice(), ESSAYS);
let kernelGap = 0;
for (let i = 0; i < ESSAYS; i++) {
  kernelGap = Math.max(kernelGap, Math.abs(simdDiag[i]! / unblockedDiag[i]! - 1), Math.abs(jsDiag[i]! / unblockedDiag[i]! - 1));
}
const ms = timeInterleaved({
  full: () => fitBradleyTerry(ESSAYS, comparisons),
  scoresOnly: () => fitBradleyTerry(ESSAYS, comparisons, { exactSeMaxItems: 0 }),
  sweep: () => mmSweep(table, new Float64Array(ESSAYS).fill(1), new Float64Array(ESSAYS)),
  mm: () => mmFit(table, 1e-8),
  simd: () => inverseDiagonalSpd(h, ESSAYS),
  jsBlocked: () => jsBlockedInverseDiagonalSpd(h.slice(), ESSAYS),
  unblocked: () => unblockedInverseDiagonalSpd(h.slice(), ESSAYS),
});
const full = { ms: ms.full, value: fit };
const scoresOnly = { ms: ms.scoresOnly };
const sweep = { ms: ms.sweep };
const mm = { ms: ms.mm, value: mmResult };
const blocked = { ms: ms.simd };
const jsBlocked = { ms: ms.jsBlocked };
const unblocked = { ms: ms.unblocked };
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(" ");

console.log(`Bradley–Terry fit: ${ESSAYS} essays, ${COMPARISONS} comparisons (random pairs, logistic judge), median of ${REPEATS} interleaved rounds`);
console.log(`  fitBradleyTerry (Newton + exact SEs)      ${full.ms.toFixed(1).padStart(8)} ms  ${full.value.iterations} Newton iterations, converged ${full.value.converged}`);
console.log(`  fitBradleyTerry (Newton + diagonal SEs)   ${scoresOnly.ms.toFixed(1).padStart(8)} ms  (scores only; SEs approximate)`);
console.log(`  baseline: one plain MM sweep              ${sweep.ms.toFixed(2).padStart(8)} ms`);
console.log(`  baseline: MM to the same tolerance         ${mm.ms.toFixed(1).padStart(8)} ms  ${mm.value.sweeps} sweeps`);
console.log(`  exact-SE kernel diag(H⁻¹), WebAssembly SIMD ${blocked.ms.toFixed(1).padStart(6)} ms  (what the fit uses)`);
console.log(`  baseline: JS register-blocked kernel      ${jsBlocked.ms.toFixed(1).padStart(8)} ms  SIMD speed-up ${(jsBlocked.ms / blocked.ms).toFixed(2)}×`);
console.log(`  baseline: the unblocked kernel (first)    ${unblocked.ms.toFixed(1).padStart(8)} ms  SIMD speed-up ${(unblocked.ms / blocked.ms).toFixed(2)}×, largest relative difference ${kernelGap.toExponential(1)}`);
console.log(`  full fit with the JS kernel (estimate)    ${(full.ms - blocked.ms + jsBlocked.ms).toFixed(1).padStart(8)} ms  (full − SIMD kernel + JS kernel, same run)`);
console.log(`  ratio full fit / MM to convergence        ${(full.ms / mm.ms).toFixed(2).padStart(8)}×`);
console.log(`  ratio full fit / one MM sweep             ${(full.ms / sweep.ms).toFixed(0).padStart(8)}×`);
console.log(`  ratio Newton scores / MM to convergence   ${(scoresOnly.ms / mm.ms).toFixed(2).padStart(8)}×`);
console.log(`  exact-SE share of the full fit            ${((1 - scoresOnly.ms / full.ms) * 100).toFixed(0).padStart(8)} %`);
console.log(`  load average (1, 5, 15 min)               ${load()}`);
console.log(`  Spearman with truth: Newton ${spearman(full.value.scores, truth).toFixed(4)}, MM ${spearman(mm.value.scores, truth).toFixed(4)}; Newton vs MM ${spearman(full.value.scores, mm.value.scores).toFixed(4)}`);
