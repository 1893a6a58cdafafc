// Agreement between projected and human grades on an integer scale min..max.

/**
 * Quadratic-weighted kappa (Cohen), the ASAP/ELLIPSE convention.
 * @example quadraticWeightedKappa([1, 2, 3], [1, 2, 3], 1, 3); // 1
 */
export function quadraticWeightedKappa(human: readonly number[], predicted: readonly number[], min: number, max: number): number {
  const k = max - min + 1;
  const observed = Array.from({ length: k }, () => new Float64Array(k));
  const rowTotals = new Float64Array(k);
  const colTotals = new Float64Array(k);
  human.forEach((h, i) => {
    const r = h - min;
    const c = predicted[i]! - min;
    observed[r]![c] = observed[r]![c]! + 1;
    rowTotals[r] = rowTotals[r]! + 1;
    colTotals[c] = colTotals[c]! + 1;
  });
  const n = human.length;
  let numerator = 0;
  let denominator = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const weight = ((r - c) * (r - c)) / ((k - 1) * (k - 1));
      numerator += weight * observed[r]![c]!;
      denominator += (weight * rowTotals[r]! * colTotals[c]!) / n;
    }
  }
  return denominator === 0 ? 1 : 1 - numerator / denominator;
}

/** Share of essays whose grades differ by at most `within` steps. */
export function agreement(human: readonly number[], predicted: readonly number[], within: number): number {
  return human.filter((h, i) => Math.abs(h - predicted[i]!) <= within).length / Math.max(human.length, 1);
}

/**
 * Expected calibration error of the projected grade's probability (top label): in 10 equal-width
 * confidence bins, |mean confidence − share correct|, weighted by the bin's size.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 10): number {
  const sums = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
  confidence.forEach((p, i) => {
    const bin = sums[Math.min(bins - 1, Math.floor(p * bins))]!;
    bin.n++;
    bin.confidence += p;
    bin.correct += correct[i] ? 1 : 0;
  });
  const n = confidence.length;
  return sums.reduce((e, b) => (b.n === 0 ? e : e + (b.n / n) * Math.abs(b.confidence / b.n - b.correct / b.n)), 0);
}
