/** Where a CJ batch is. A terminal batch never changes again, whatever arrives. */
export const BatchState = {
  /** Stored; its first requests are not out yet. */
  PENDING: "PENDING",
  /** Requests are out; results drive refits, new rounds and finalisation. */
  WAITING_CALLBACKS: "WAITING_CALLBACKS",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
} as const;
export type BatchState = (typeof BatchState)[keyof typeof BatchState];

const TRANSITIONS: Record<BatchState, readonly BatchState[]> = {
  PENDING: [BatchState.WAITING_CALLBACKS, BatchState.COMPLETED, BatchState.FAILED],
  // Waiting → waiting is the next round being issued.
  WAITING_CALLBACKS: [BatchState.WAITING_CALLBACKS, BatchState.COMPLETED, BatchState.FAILED],
  COMPLETED: [],
  FAILED: [],
};

/**
 * Whether a batch may move from one state to another.
 *
 * @example
 * canTransition("COMPLETED", "COMPLETED"); // false: finalisation happens once
 */
export function canTransition(from: BatchState, to: BatchState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(state: BatchState): boolean {
  return TRANSITIONS[state].length === 0;
}

/**
 * The states a batch may be in to move to `to`: the guard of a conditional UPDATE.
 *
 * @example
 * statesAllowedBefore("COMPLETED"); // ["PENDING", "WAITING_CALLBACKS"]
 */
export function statesAllowedBefore(to: BatchState): BatchState[] {
  return Object.values(BatchState).filter((from) => canTransition(from, to));
}
