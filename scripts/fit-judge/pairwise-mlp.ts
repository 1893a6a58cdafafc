import { createRng } from "../../services/cj-assessment/src/domain/random.ts";
import type { TrainingPair } from "./pairwise-logistic.ts";

/** A linear score plus a small tanh layer: ability(x) = w·x + Σₕ vₕ·tanh(uₕ·x + cₕ). */
export interface PairwiseMlp {
  readonly linear: Float64Array;
  /** hidden × inputs, row-major. */
  readonly hiddenWeights: Float64Array;
  readonly hiddenBias: Float64Array;
  readonly output: Float64Array;
}

export interface MlpOptions {
  readonly hidden: number;
  /** L2 penalty per unit of training weight, on the linear part and on the tanh layer. */
  readonly linearPenalty: number;
  readonly hiddenPenalty: number;
  readonly epochs: number;
  readonly seed: number;
  /** Start the linear part here (e.g. the pairwise logistic fit), so the layer only learns what it misses. */
  readonly warmLinear?: Float64Array;
}

/** The ability of one standardised feature row; swapping a pair flips σ(f(a) − f(b)) exactly. */
export function mlpAbility(model: PairwiseMlp, x: Float64Array): number {
  const k = x.length;
  let total = 0;
  for (let j = 0; j < k; j++) total += model.linear[j]! * x[j]!;
  for (let h = 0; h < model.output.length; h++) {
    let z = model.hiddenBias[h]!;
    for (let j = 0; j < k; j++) z += model.hiddenWeights[h * k + j]! * x[j]!;
    total += model.output[h]! * Math.tanh(z);
  }
  return total;
}

/**
 * RankNet: the pairwise logistic loss of σ(f(a) − f(b)) minimised with Adam on mini-batches of
 * pairs. Bradley–Terry-consistent like the linear fit; the tanh layer lets, e.g., length matter more
 * between short essays than between long ones.
 */
export function fitPairwiseMlp(rows: readonly Float64Array[], pairs: readonly TrainingPair[], options: MlpOptions): PairwiseMlp {
  const k = rows[0]?.length ?? 0;
  const H = options.hidden;
  const random = createRng(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(Math.max(1e-12, random()))) * Math.cos(2 * Math.PI * random());
  const params = new Float64Array(k + H * k + 2 * H);
  if (options.warmLinear) params.set(options.warmLinear, 0);
  for (let i = k; i < k + H * k; i++) params[i] = gaussian() * (0.5 / Math.sqrt(k));
  for (let i = k + H * k + H; i < params.length; i++) params[i] = gaussian() * 0.1;
  const view = (): PairwiseMlp => ({
    linear: params.subarray(0, k),
    hiddenWeights: params.subarray(k, k + H * k),
    hiddenBias: params.subarray(k + H * k, k + H * k + H),
    output: params.subarray(k + H * k + H),
  });
  const totalWeight = pairs.reduce((s, p) => s + p.weight, 0);
  const grad = new Float64Array(params.length);
  const m = new Float64Array(params.length);
  const s2 = new Float64Array(params.length);
  const order = pairs.map((_, i) => i);
  const batchSize = 256;
  let step = 0;
  const hiddenA = new Float64Array(H);
  const hiddenB = new Float64Array(H);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const learningRate = 0.01 * (1 - epoch / options.epochs) + 0.001;
    for (let start = 0; start < order.length; start += batchSize) {
      grad.fill(0);
      let batchWeight = 0;
      for (let t = start; t < Math.min(order.length, start + batchSize); t++) {
        const pair = pairs[order[t]!]!;
        const xa = rows[pair.a]!;
        const xb = rows[pair.b]!;
        const model = view();
        const fa = forward(model, xa, hiddenA);
        const fb = forward(model, xb, hiddenB);
        const p = 1 / (1 + Math.exp(fb - fa));
        // d(−log-likelihood)/d(fa − fb), weighted.
        const g = pair.weight * (p - (pair.aHigher ? 1 : 0));
        batchWeight += pair.weight;
        for (let j = 0; j < k; j++) grad[j]! += g * (xa[j]! - xb[j]!);
        for (let h = 0; h < H; h++) {
          const v = model.output[h]!;
          grad[k + H * k + H + h]! += g * (hiddenA[h]! - hiddenB[h]!);
          const da = g * v * (1 - hiddenA[h]! ** 2);
          const db = g * v * (1 - hiddenB[h]! ** 2);
          grad[k + H * k + h]! += da - db;
          const row = k + h * k;
          for (let j = 0; j < k; j++) grad[row + j]! += da * xa[j]! - db * xb[j]!;
        }
      }
      // Scale to a per-unit-weight gradient so the penalty means the same for any batch.
      const scale = (totalWeight / Math.max(1e-12, batchWeight)) / totalWeight;
      step++;
      for (let i = 0; i < params.length; i++) {
        const penalty = i < k ? options.linearPenalty : options.hiddenPenalty;
        const gi = grad[i]! * scale + penalty * params[i]!;
        m[i] = 0.9 * m[i]! + 0.1 * gi;
        s2[i] = 0.999 * s2[i]! + 0.001 * gi * gi;
        const mh = m[i]! / (1 - 0.9 ** step);
        const sh = s2[i]! / (1 - 0.999 ** step);
        params[i]! -= (learningRate * mh) / (Math.sqrt(sh) + 1e-8);
      }
    }
  }
  return view();
}

function forward(model: PairwiseMlp, x: Float64Array, hidden: Float64Array): number {
  const k = x.length;
  let total = 0;
  for (let j = 0; j < k; j++) total += model.linear[j]! * x[j]!;
  for (let h = 0; h < model.output.length; h++) {
    let z = model.hiddenBias[h]!;
    for (let j = 0; j < k; j++) z += model.hiddenWeights[h * k + j]! * x[j]!;
    hidden[h] = Math.tanh(z);
    total += model.output[h]! * hidden[h]!;
  }
  return total;
}
