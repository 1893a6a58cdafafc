/** The range a judge's confidence is held to before it becomes a soft outcome. */
export const SOFT_OUTCOME_RANGE = { min: 0.5, max: 0.99 } as const;

/**
 * The winner's share of a win from the judge's confidence that the named winner is better:
 * clamped to [0.5, 0.99], since a named winner is never less likely than its loser and no single
 * verdict should be treated as certain. Absent confidence (or soft outcomes off) is a hard win.
 *
 * @example
 * winnerProbability(0.8); // 0.8
 * winnerProbability(0.3); // 0.5 (a named winner is at worst a coin toss)
 * winnerProbability(1); // 0.99
 * winnerProbability(null); // undefined: a hard outcome
 */
export function winnerProbability(confidence: number | null | undefined): number | undefined {
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return undefined;
  return Math.min(SOFT_OUTCOME_RANGE.max, Math.max(SOFT_OUTCOME_RANGE.min, confidence));
}
