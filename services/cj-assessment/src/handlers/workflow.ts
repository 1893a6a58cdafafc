import type { Tx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { CompletionPolicy } from "../domain/completion.ts";

/** Settings the batch workflow reads from config. */
export interface WorkflowSettings {
  readonly policy: CompletionPolicy;
  /** The judge's confidence enters the fit as a soft outcome; off: only its named winner counts. */
  readonly softOutcomes: boolean;
  /** Extra requests after error results before a pair is abandoned for its round. */
  readonly pairRetryLimit: number;
  /** A pair abandoned this many times is not planned again. */
  readonly pairAbandonLimit: number;
  /** LPS queue expiry for requests; 0 = none. */
  readonly requestTtlMs: number;
}

/** One transaction's view: where to write, where to emit, what time it is, who to log as. */
export interface WorkflowTx {
  readonly tx: Tx;
  readonly emit: Emit;
  readonly now: Date;
  readonly log: Logger;
  readonly settings: WorkflowSettings;
}
