import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { recordRegularBatch } from "../db/matching-repository.ts";
import { SERVICE_NAME } from "../service-name.ts";

/** A batch registered with a class is REGULAR: remember it so its essays get matched to the roster. */
export function batchRegisteredHandler(deps: { uow: UnitOfWork }): EventHandler {
  return on(BatchEssaysRegisteredTopic, async (envelope, ctx) => {
    const d = envelope.data;
    if (!d.class_id) return; // GUEST batch: nothing to match
    const classId = d.class_id;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => recordRegularBatch(tx, { batchId: d.batch_id, classId, userId: d.user_id }));
    if (outcome.applied && outcome.result) ctx.logger.info("regular batch awaiting content for matching", { class_id: classId });
  });
}
