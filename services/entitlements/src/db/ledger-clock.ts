/**
 * Timestamps for ledger rows, strictly increasing within the process. The ledger merges two tables
 * (consumption, adjustments) by `recorded_at`; two rows written in the same millisecond — a top-up
 * and the consumption right after it — would otherwise tie, and no per-table row order can say which
 * came first across tables. One writer per database (SQLite) makes this the order of writing.
 */
export function createLedgerClock(clock: () => number = Date.now): () => string {
  let last = 0;
  return () => {
    const at = Math.max(clock(), last + 1);
    last = at;
    return new Date(at).toISOString();
  };
}

/** The process's ledger clock. */
export const ledgerTimestamp = createLedgerClock();
