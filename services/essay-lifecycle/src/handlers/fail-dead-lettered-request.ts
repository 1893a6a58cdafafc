import type { PhaseName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { deadLetterFailureCode } from "../domain/phase-deadline.ts";
import { pendingEssaysOfRequest } from "../db/phase-store.ts";
import type { ClosedRun } from "./close-phase-run.ts";
import { failPendingEssays } from "./fail-pending-essays.ts";

export type DeadLetterResult = { kind: "ignored" } | { kind: "failed"; phase: PhaseName; failureCode: string; failed: string[]; closed?: ClosedRun };

/**
 * A request ELS sent went to its DLQ: the phase service will never answer it, so the essays it was
 * for (CJ: every essay of the run) fail now instead of at the deadline. Matched by the request's
 * event id, so a dead letter of an older run's request, or of an essay that already has its
 * result, changes nothing.
 */
export function failDeadLetteredRequest(
  tx: DbOrTx, emit: Emit, requestEventId: string, reason: string | undefined, correlationId: string, log: Logger,
): DeadLetterResult {
  const rows = pendingEssaysOfRequest(tx, requestEventId);
  const [run] = rows;
  if (!run) {
    log.info("dead-lettered request matches no pending essay (run closed or result already in); ignored", { dlq_reason: reason });
    return { kind: "ignored" };
  }
  const failureCode = deadLetterFailureCode(reason);
  const essayIds = rows.filter((r) => r.runId === run.runId).map((r) => r.essayId);
  log.warn("request dead-lettered; its essays fail now", { phase: run.phase, run_id: run.runId, dlq_reason: reason, failure_code: failureCode, essay_ids: essayIds });
  const result = failPendingEssays(tx, emit, run, essayIds, failureCode, run.correlationId ?? correlationId, log);
  return { kind: "failed", phase: run.phase, failureCode, ...result };
}
