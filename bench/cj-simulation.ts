// CJ pairing benchmark: how many comparisons per essay a batch needs, adaptive vs random pairing,
// and what a 70/30 position bias does to the ranking. Run: bun bench/cj-simulation.ts [seeds]
import { type BradleyTerryFit, type Comparison, fitBradleyTerry } from "../services/cj-assessment/src/domain/bradley-terry.ts";
import {
  comparisonCounts,
  DEFAULT_COMPLETION_POLICY,
  decideCompletion,
  maxScoreChange,
} from "../services/cj-assessment/src/domain/completion.ts";
import { type PlannedComparison, planRound } from "../services/cj-assessment/src/domain/pairing.ts";
import { createRng, type Rng } from "../services/cj-assessment/src/domain/random.ts";
import { spearman } from "../services/cj-assessment/src/domain/ranking.ts";
import { judge, latentQualities, POSITION_BIAS_70_30 } from "../services/cj-assessment/test/domain/simulated-judge.ts";

const ESSAYS = 40;
// Spread of latent quality in logits; the judge's noise is the logistic's unit scale, so at sd 1
// neighbours are very hard to tell apart and at sd 3 the batch is easy.
const LATENT_SDS = [1, 2, 3];
const SEEDS = Number(process.argv[2] ?? 20);
const TARGET = 0.9;
const CHECKPOINTS = [4, 8, 12, 16, 20];

type Positions = "balanced" | "coin-flip";
interface Variant {
  readonly label: string;
  readonly adaptive: boolean;
  readonly bias: number;
  readonly positions: Positions;
}

interface Trace {
  /** Comparisons per essay after each round, with the Spearman correlation to the truth then. */
  readonly perEssay: number[];
  readonly rho: number[];
  /** Where the default completion policy would have stopped. */
  readonly stop: { readonly perEssay: number; readonly rho: number; readonly reason: string };
}

function simulate(variant: Variant, latentSd: number, seed: number): Trace {
  const rng = createRng(seed);
  const truth = latentQualities(ESSAYS, rng, latentSd);
  const judgeRng = createRng(seed ^ 0x5eed);
  const budget = (ESSAYS * (ESSAYS - 1)) / 2;
  const issued: PlannedComparison[] = [];
  const results: Comparison[] = [];
  const perEssay: number[] = [];
  const rho: number[] = [];
  let fit: BradleyTerryFit | undefined;
  let stop: Trace["stop"] | undefined;
  while (issued.length < budget) {
    const size = Math.min(ESSAYS, budget - issued.length);
    const round = planRound({ n: ESSAYS, issued, size, estimate: variant.adaptive ? fit : undefined, rng });
    for (const planned of round) {
      const pair = variant.positions === "balanced" ? planned : coinFlip(planned, rng);
      issued.push(pair);
      results.push(judge(truth, pair, judgeRng, variant.bias));
    }
    const next = fitBradleyTerry(ESSAYS, results, fit ? { initialScores: fit.scores } : {});
    perEssay.push((2 * results.length) / ESSAYS);
    rho.push(spearman(next.scores, truth));
    const decision = decideCompletion({
      validComparisons: results.length,
      budget,
      pendingCallbacks: 0,
      issuablePairs: budget - issued.length,
      maxScoreChange: fit ? maxScoreChange(fit.scores, next.scores) : null,
      minComparisonsPerItem: Math.min(...comparisonCounts(ESSAYS, results)),
    });
    if (!stop && decision.kind === "finish") stop = { perEssay: perEssay.at(-1)!, rho: rho.at(-1)!, reason: decision.reason };
    fit = next;
  }
  return { perEssay, rho, stop: stop ?? { perEssay: ESSAYS - 1, rho: rho.at(-1)!, reason: "none" } };
}

/** Positions chosen by a fair coin per pair, ignoring how often each essay has been in A. */
function coinFlip(pair: PlannedComparison, rng: Rng): PlannedComparison {
  return rng() < 0.5 ? pair : { a: pair.b, b: pair.a };
}

/** Comparisons per essay after which Spearman stays at or above the target. */
function reachesTarget(trace: Trace): number {
  let last = trace.perEssay.length;
  while (last > 0 && trace.rho[last - 1]! >= TARGET) last--;
  return last === trace.perEssay.length ? Number.NaN : trace.perEssay[last]!;
}

function rhoAt(trace: Trace, perEssay: number): number {
  const k = trace.perEssay.findIndex((c) => c >= perEssay);
  return trace.rho[k]!;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const fmt = (x: number, digits = 3) => (Number.isNaN(x) ? "  n/a" : x.toFixed(digits));

const variants: Variant[] = [
  { label: "adaptive, unbiased judge", adaptive: true, bias: 0, positions: "balanced" },
  { label: "random,   unbiased judge", adaptive: false, bias: 0, positions: "balanced" },
  { label: "adaptive, 70/30 bias, balanced A/B", adaptive: true, bias: POSITION_BIAS_70_30, positions: "balanced" },
  { label: "random,   70/30 bias, balanced A/B", adaptive: false, bias: POSITION_BIAS_70_30, positions: "balanced" },
  { label: "adaptive, 70/30 bias, coin-flip A/B", adaptive: true, bias: POSITION_BIAS_70_30, positions: "coin-flip" },
];

console.log(`CJ simulation: ${ESSAYS} essays, latent quality ~ N(0, sd²), judge P(A wins) = σ(qA − qB + bias),`);
console.log(`rounds of ${ESSAYS} comparisons (2 per essay), ${SEEDS} seeds per row; figures are means over seeds.`);
console.log(`"to ρ≥0.9": comparisons per essay after which Spearman with the truth stays ≥ 0.9 (*k: k seeds never did).`);
console.log(
  `"stop@": comparisons per essay where the default completion policy (max change < ` +
    `${DEFAULT_COMPLETION_POLICY.stabilityThreshold}, ≥ ${DEFAULT_COMPLETION_POLICY.minComparisonsPerItem} per essay) finishes.`,
);
for (const latentSd of LATENT_SDS) {
  const header =
    `${`sd ${latentSd}: variant`.padEnd(38)} ${"to ρ≥0.9".padStart(9)} ` +
    `${CHECKPOINTS.map((c) => `ρ@${c}`.padStart(6)).join(" ")}  ${"stop@".padStart(6)} ${"ρ@stop".padStart(6)}`;
  console.log(`\n${header}\n${"-".repeat(header.length)}`);
  const reachMeans: number[] = [];
  for (const variant of variants) {
    const traces = Array.from({ length: SEEDS }, (_, s) => simulate(variant, latentSd, 1000 + s));
    const reached = traces.map(reachesTarget).filter((r) => !Number.isNaN(r));
    reachMeans.push(mean(reached));
    const cells = CHECKPOINTS.map((c) => fmt(mean(traces.map((t) => rhoAt(t, c)))).padStart(6)).join(" ");
    const stopAt = fmt(mean(traces.map((t) => t.stop.perEssay)), 1).padStart(6);
    const stopRho = fmt(mean(traces.map((t) => t.stop.rho))).padStart(6);
    const reachCell = `${fmt(mean(reached), 1)}${reached.length < SEEDS ? `*${SEEDS - reached.length}` : ""}`;
    console.log(`${variant.label.padEnd(38)} ${reachCell.padStart(9)} ${cells}  ${stopAt} ${stopRho}`);
  }
  console.log(`adaptive / random comparisons to reach ρ ≥ 0.9 (unbiased judge): ${fmt(reachMeans[0]! / reachMeans[1]!, 2)}`);
}
