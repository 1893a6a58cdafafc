// CJ simulation: comparisons per essay a batch needs to reach Spearman ρ ≥ 0.9 with the latent truth,
// adaptive vs random pairing, soft vs hard outcomes; where the completion policy stops; and how the
// batch's reliability figures (SSR, split-half) compare with the reliability the scores really have.
// Run: bun bench/cj-simulation.ts [seeds] [target rank agreement]
import { type CompletionPolicy, DEFAULT_COMPLETION_POLICY } from "../services/cj-assessment/src/domain/completion.ts";
import { POSITION_BIAS_70_30, PROBABILITY_JUDGE_NOISE_SD } from "../services/cj-assessment/test/domain/simulated-judge.ts";
import { perEssayToReach, roundAt, simulateBatch, type SimulationSetup, type Trace, type Variant } from "./support/cj-simulated-batch.ts";

const ESSAYS = 40;
// Latent quality spread (logits) for low / middle / high discrimination between essays.
const LEVELS = [
  { name: "low", sd: 1 },
  { name: "middle", sd: 2 },
  { name: "high", sd: 3 },
] as const;
const SEEDS = Number(process.argv[2] ?? 30);
const TARGET = 0.9;
const CHECKPOINTS = [4, 6, 8, 10, 12, 16];
const RELIABILITY_AT = [6, 10, 16];
const POLICY: CompletionPolicy = process.argv[3] ? { ...DEFAULT_COMPLETION_POLICY, targetRankAgreement: Number(process.argv[3]) } : DEFAULT_COMPLETION_POLICY;

const variants: Variant[] = [
  { label: "adaptive, soft", adaptive: true, soft: true },
  { label: "random,   soft", adaptive: false, soft: true },
  { label: "adaptive, hard", adaptive: true, soft: false },
  { label: "random,   hard", adaptive: false, soft: false },
];

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const fmt = (x: number, digits = 3) => (Number.isNaN(x) ? "n/a" : x.toFixed(digits));

console.log(`CJ simulation: ${ESSAYS} essays, latent quality ~ N(0, sd²); ${SEEDS} seeds per row, means over seeds.`);
console.log(`Judge: perceives qA − qB + η, η ~ N(0, ${PROBABILITY_JUDGE_NOISE_SD}²), names the side it favours with confidence σ(|z|)`);
console.log(`(its named winner is right about as often as a logistic BT judge's). soft = confidence clamped to [0.5, 0.99]`);
console.log(`enters the fit as a fractional win; hard = only the named winner. Rounds of ${ESSAYS} comparisons (2 per essay).`);
console.log(`"to ρ≥0.9": comparisons per essay after which Spearman with the truth stays ≥ 0.9 (*k: k seeds never did by 30).`);
console.log(
  `"stop@": where the completion policy finishes (expected ρ ≥ ${POLICY.targetRankAgreement}, ` +
    `≥ ${POLICY.minComparisonsPerItem} comparisons per essay); "≥0.9@stop": share of seeds with ρ ≥ 0.9 there.`,
);

const summary: string[] = [];
for (const level of LEVELS) {
  const setup: SimulationSetup = { essays: ESSAYS, latentSd: level.sd, maxPerEssay: 30, splitHalfAt: RELIABILITY_AT, policy: POLICY };
  const traces = new Map(variants.map((v) => [v.label, Array.from({ length: SEEDS }, (_, s) => simulateBatch(v, setup, 1000 + s))]));
  const header =
    `${`${level.name} (sd ${level.sd}): variant`.padEnd(26)} ${"to ρ≥0.9".padStart(9)} ` +
    `${CHECKPOINTS.map((c) => `ρ@${c}`.padStart(6)).join(" ")}  ${"stop@".padStart(6)} ${"ρ@stop".padStart(6)} ${"≥0.9@stop".padStart(9)}`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  const reach = new Map<string, number>();
  for (const variant of variants) {
    const runs = traces.get(variant.label)!;
    const reached = runs.map((t) => perEssayToReach(t, TARGET)).filter((r) => !Number.isNaN(r));
    reach.set(variant.label, mean(reached));
    const cells = CHECKPOINTS.map((c) => fmt(mean(runs.map((t) => roundAt(t, c).rho))).padStart(6)).join(" ");
    const reachCell = `${fmt(mean(reached), 1)}${reached.length < SEEDS ? `*${SEEDS - reached.length}` : ""}`;
    const stopAt = fmt(mean(runs.map((t) => t.stop.perEssay)), 1).padStart(6);
    const stopRho = fmt(mean(runs.map((t) => t.stop.rho))).padStart(6);
    const hit = `${Math.round((100 * runs.filter((t) => t.stop.rho >= TARGET).length) / SEEDS)}%`.padStart(9);
    console.log(`${variant.label.padEnd(26)} ${reachCell.padStart(9)} ${cells}  ${stopAt} ${stopRho} ${hit}`);
  }
  const saving = (adaptive: string, random: string) => 1 - reach.get(adaptive)! / reach.get(random)!;
  const softSaving = saving("adaptive, soft", "random,   soft");
  const hardSaving = saving("adaptive, hard", "random,   hard");
  const softVsHard = 1 - reach.get("adaptive, soft")! / reach.get("random,   hard")!;
  const line =
    `${level.name}: to ρ ≥ 0.9 adaptive needs ${fmt(100 * softSaving, 0)}% fewer comparisons than random (soft outcomes), ` +
    `${fmt(100 * hardSaving, 0)}% fewer (hard); adaptive+soft vs random+hard: ${fmt(100 * softVsHard, 0)}% fewer`;
  console.log(line);
  summary.push(line);
  printReliability(level.name, traces);
}

printPositionBias();
console.log(`\n${summary.join("\n")}`);

/** A judge that favours position A 70/30 between equals, at the middle level: balanced positions keep it out of the order. */
function printPositionBias(): void {
  const setup: SimulationSetup = { essays: ESSAYS, latentSd: 2, maxPerEssay: 30, splitHalfAt: [], policy: POLICY };
  const rows: Variant[] = [
    { label: "adaptive, soft, no bias", adaptive: true, soft: true },
    { label: "adaptive, soft, 70/30, balanced A/B", adaptive: true, soft: true, positionBias: POSITION_BIAS_70_30 },
    { label: "adaptive, soft, 70/30, coin-flip A/B", adaptive: true, soft: true, positionBias: POSITION_BIAS_70_30, positions: "coin-flip" },
  ];
  const header = `${"middle, position bias: variant".padEnd(38)} ${"to ρ≥0.9".padStart(9)} ${"ρ@8".padStart(6)} ${"ρ@16".padStart(6)} ${"stop@".padStart(6)} ${"ρ@stop".padStart(6)}`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  for (const variant of rows) {
    const runs = Array.from({ length: SEEDS }, (_, s) => simulateBatch(variant, setup, 1000 + s));
    const reached = runs.map((t) => perEssayToReach(t, TARGET)).filter((r) => !Number.isNaN(r));
    const reachCell = `${fmt(mean(reached), 1)}${reached.length < SEEDS ? `*${SEEDS - reached.length}` : ""}`;
    console.log(
      `${variant.label.padEnd(38)} ${reachCell.padStart(9)} ${fmt(mean(runs.map((t) => roundAt(t, 8).rho))).padStart(6)} ` +
        `${fmt(mean(runs.map((t) => roundAt(t, 16).rho))).padStart(6)} ${fmt(mean(runs.map((t) => t.stop.perEssay)), 1).padStart(6)} ` +
        `${fmt(mean(runs.map((t) => t.stop.rho))).padStart(6)}`,
    );
  }
}

/** SSR, split-half and the fit's expected ρ beside what the scores really achieve. */
function printReliability(levelName: string, traces: Map<string, Trace[]>): void {
  const header =
    `${`${levelName}: reliability at k/essay`.padEnd(30)} ${"k".padStart(3)} ${"true r²".padStart(8)} ${"SSR σ=3".padStart(8)} ${"SSR fit".padStart(8)} ` +
    `${"split-½".padStart(8)} ${"ρ".padStart(6)} ${"exp. ρ".padStart(7)}`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  for (const [label, runs] of traces) {
    for (const k of RELIABILITY_AT) {
      const at = runs.map((t) => roundAt(t, k));
      const split = at.map((r) => r.splitHalf).filter((x): x is number => x !== null);
      console.log(
        `${label.padEnd(30)} ${String(k).padStart(3)} ${fmt(mean(at.map((r) => r.trueReliability))).padStart(8)} ` +
          `${fmt(mean(at.map((r) => r.ssr))).padStart(8)} ${fmt(mean(at.map((r) => r.ssrScale))).padStart(8)} ${fmt(mean(split)).padStart(8)} ` +
          `${fmt(mean(at.map((r) => r.rho))).padStart(6)} ${fmt(mean(at.map((r) => r.expectedRho))).padStart(7)}`,
      );
    }
    const stops = runs.map((t) => t.stop);
    console.log(
      `${`${label} at stop`.padEnd(30)} ${fmt(mean(stops.map((s) => s.perEssay)), 0).padStart(3)} ` +
        `${fmt(mean(stops.map((s) => s.trueReliability))).padStart(8)} ${fmt(mean(stops.map((s) => s.ssr))).padStart(8)} ` +
        `${fmt(mean(stops.map((s) => s.ssrScale))).padStart(8)} ` +
        `${fmt(mean(stops.map((s) => s.splitHalf ?? Number.NaN))).padStart(8)} ${fmt(mean(stops.map((s) => s.rho))).padStart(6)} ` +
        `${fmt(mean(stops.map((s) => s.expectedRho))).padStart(7)}`,
    );
  }
}
