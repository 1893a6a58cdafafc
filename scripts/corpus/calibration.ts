// How well stated grade probabilities match how often the grade is right. Pure.

export interface Forecast {
  /** The probability given to the grade that was awarded. */
  confidence: number;
  /** Whether that grade is the human band. */
  correct: boolean;
}

/**
 * Expected calibration error of the awarded grade (top-label ECE): forecasts binned by confidence
 * into `bins` equal-width bins, Σ (bin size / n) · |accuracy − mean confidence|. Undefined with no forecasts.
 * @example expectedCalibrationError([{ confidence: 0.8, correct: true }, { confidence: 0.8, correct: false }]); // 0.3
 */
export function expectedCalibrationError(forecasts: readonly Forecast[], bins = 10): number | undefined {
  if (forecasts.length === 0) return undefined;
  const totals = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const f of forecasts) {
    const bin = totals[Math.min(bins - 1, Math.max(0, Math.floor(f.confidence * bins)))] as { n: number; confidence: number; correct: number };
    bin.n++;
    bin.confidence += f.confidence;
    bin.correct += f.correct ? 1 : 0;
  }
  return totals.reduce((sum, b) => (b.n === 0 ? sum : sum + (b.n / forecasts.length) * Math.abs(b.correct / b.n - b.confidence / b.n)), 0);
}
