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

/** The probability judge's perception noise (logits): its named winner is about as often right as `judge`'s. */
export const PROBABILITY_JUDGE_NOISE_SD = 1.7;

/**
 * A judge that returns a probability, as the offline judge does: it perceives z = q_a − q_b + bias + η,
 * η ~ N(0, noiseSd²), names the side z favours and reports σ(|z|) as its confidence. With noiseSd 1.7
 * its named winner is right about as often as `judge`'s (Φ(d/1.7) ≈ σ(d)), and σ(z) is roughly
 * calibrated for "the named winner is the better essay" at a latent sd of 2 (random pairs).
 */
export function probabilityJudge(
  quality: readonly number[], pair: PlannedComparison, rng: Rng, noiseSd = PROBABILITY_JUDGE_NOISE_SD, positionBias = 0,
): Comparison & { readonly confidence: number } {
  const u = 1 - rng();
  const eta = noiseSd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  const z = quality[pair.a]! - quality[pair.b]! + positionBias + eta;
  const confidence = 1 / (1 + Math.exp(-Math.abs(z)));
  return z >= 0 ? { winner: pair.a, loser: pair.b, confidence } : { winner: pair.b, loser: pair.a, confidence };
}
