import type { SignalName, Signals } from "../../services/llm-provider/src/domain/feedback-writer/signals.ts";

export type LevelNorms = Record<string, { mean: number; sd: number }>;

/**
 * Each signal's mean and SD over the training essays (signals seen in fewer than 10 are left out),
 * and the signals that vary, which the dimension models are fitted on.
 */
export function levelNorms(trainSignals: readonly Signals[], names: readonly SignalName[]): { level: LevelNorms; features: SignalName[] } {
  const level: LevelNorms = {};
  for (const name of names) {
    const xs = trainSignals.map((s) => s[name]).filter((x): x is number => x !== undefined);
    if (xs.length < 10) continue;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    level[name] = { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
  }
  return { level, features: names.filter((n) => level[n] && level[n].sd > 0) };
}
