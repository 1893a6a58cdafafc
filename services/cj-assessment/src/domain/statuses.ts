/** A planned pair in one round: out, answered with a winner, or given up after error results. */
export const PairStatus = {
  PENDING: "PENDING",
  ANSWERED: "ANSWERED",
  ABANDONED: "ABANDONED",
} as const;
export type PairStatus = (typeof PairStatus)[keyof typeof PairStatus];

/** One LLM request for a pair (a retry or re-issue is a new request with a new id). */
export const RequestStatus = {
  SENT: "SENT",
  SUCCEEDED: "SUCCEEDED",
  ERRORED: "ERRORED",
  /** Answered after its pair or batch was already settled: recorded, changes nothing. */
  IGNORED: "IGNORED",
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/** A compared item is a batch essay or an anchor essay of the batch's assignment. */
export const ItemKind = { ESSAY: "essay", ANCHOR: "anchor" } as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];
