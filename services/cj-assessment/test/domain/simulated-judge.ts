// A simulated batch for tests and benchmarks: known latent qualities and a logistic judge.
import type { Comparison } from "../../src/domain/bradley-terry.ts";
import type { PlannedComparison } from "../../src/domain/pairing.ts";
import type { Rng } from "../../src/domain/random.ts";

/** Latent log-abilities drawn from N(0, sd²) (Box–Muller). */
export function latentQualities(n: number, rng: Rng, sd = 1.5): number[] {
  return Array.from({ length: n }, () => {
    const u = 1 - rng();
    return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  });
}

/** Log-odds bonus for position A: 0.7 / 0.3 means A wins 70 % of comparisons between equals. */
export const POSITION_BIAS_70_30 = Math.log(0.7 / 0.3);

/** A verdict: A wins with probability σ(q_a − q_b + positionBias). */
export function judge(quality: readonly number[], pair: PlannedComparison, rng: Rng, positionBias = 0): Comparison {
  const pA = 1 / (1 + Math.exp(-(quality[pair.a]! - quality[pair.b]! + positionBias)));
  return rng() < pA ? { winner: pair.a, loser: pair.b } : { winner: pair.b, loser: pair.a };
}

/** Random pairs (possibly repeated) judged without bias. */
export function randomComparisons(quality: readonly number[], m: number, rng: Rng): Comparison[] {
  const n = quality.length;
  const out: Comparison[] = [];
  for (let k = 0; k < m; k++) {
    const a = Math.floor(rng() * n);
    const b = (a + 1 + Math.floor(rng() * (n - 1))) % n;
    out.push(judge(quality, { a, b }, rng));
  }
  return out;
}
