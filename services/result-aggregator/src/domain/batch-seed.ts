import type { BatchStatus } from "@shared/contracts/enums.ts";

/**
 * What a view starts from when its first event is not the registration: the owner the event
 * names (every event RAS acts on for an unseen batch must name one; ELS's phase outcome does).
 * Its status is what the seeding event implies, as of `statusAt`: the event's time when it implies
 * one (a phase outcome: pipelines were running then), else as old as time, so any status event and
 * the late registration still apply.
 */
export interface BatchSeed {
  batchId: string;
  userId: string;
  orgId: string | null;
  status: BatchStatus;
  statusAt: string;
}
