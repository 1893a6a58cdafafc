import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { associationsOf, dueForTimeout, findMatching } from "../db/matching-repository.ts";
import { ConfirmedBy, MatchingStatus } from "../db/schema.ts";
import { settleStudents } from "../domain/confirmation.ts";
import { settleBatch } from "./settle-batch.ts";

/** Settles batches the teacher did not confirm in time: confident suggestions accepted, the rest unassigned. */
export function startConfirmationTimeout(options: { db: Db; uow: UnitOfWork; logger: Logger; pollMs: number; autoAcceptConfidence: number }) {
  const { db, uow, logger } = options;
  const tick = () => {
    try {
      for (const due of dueForTimeout(db, Date.now())) {
        const settled = uow.run((tx, emit) => {
          const batch = findMatching(tx, due.batchId);
          if (!batch || batch.status !== MatchingStatus.AWAITING_CONFIRMATION) return false;
          const finals = settleStudents(associationsOf(tx, batch.batchId), { by: "timeout", autoAcceptConfidence: options.autoAcceptConfidence });
          return settleBatch(tx, emit, batch, finals, ConfirmedBy.TIMEOUT, crypto.randomUUID());
        });
        if (settled) logger.info("author matching settled by timeout", { batch_id: due.batchId, class_id: due.classId });
      }
    } catch (err) {
      logger.error("confirmation timeout pass failed", { error: err });
    }
  };
  const timer = setInterval(tick, options.pollMs);
  return { stop: () => clearInterval(timer) };
}
