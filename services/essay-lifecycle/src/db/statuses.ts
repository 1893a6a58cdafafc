// Relative imports only: drizzle-kit loads this through schema.ts.
import { PhaseOutcomeStatus } from "../../../../shared/contracts/enums.ts";

/** A phase run is in progress until its outcome is decided, or the owner cancels the pipeline (no outcome then). */
export const PhaseRunStatus = { IN_PROGRESS: "IN_PROGRESS", ...PhaseOutcomeStatus, CANCELLED: "CANCELLED" } as const;
export type PhaseRunStatus = (typeof PhaseRunStatus)[keyof typeof PhaseRunStatus];

/** How one essay of a phase run stands. */
export const PhaseRunEssayStatus = { PENDING: "pending", SUCCESS: "success", FAILED: "failed", CANCELLED: "cancelled" } as const;
export type PhaseRunEssayStatus = (typeof PhaseRunEssayStatus)[keyof typeof PhaseRunEssayStatus];

/** What became of content a batch received. */
export const ContentOutcome = { ASSIGNED: "assigned", EXCESS: "excess" } as const;
export type ContentOutcome = (typeof ContentOutcome)[keyof typeof ContentOutcome];
