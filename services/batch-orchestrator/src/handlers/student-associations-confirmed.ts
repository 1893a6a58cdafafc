import { PoisonMessageError } from "@shared/bus/errors.ts";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { StudentAssociationsConfirmedTopic } from "@shared/contracts/events/classes.ts";
import { essayCounts, findBatch } from "../db/batch-repository.ts";
import { statusAfterProvisioning } from "../domain/batch-readiness.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";
import { changeBatchStatus, newStep } from "./pipeline-steps.ts";

/** The essay authors of a REGULAR batch are confirmed: the batch, held after provisioning, is now ready. */
export function studentAssociationsConfirmedHandler(deps: Pick<HandlerDeps, "uow" | "notifier">): EventHandler {
  return on(StudentAssociationsConfirmedTopic, async (envelope, ctx) => {
    const data = envelope.data;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      const batch = findBatch(tx, data.batch_id);
      if (!batch) throw new PoisonMessageError(`student associations confirmed for unknown batch ${data.batch_id}`);
      if (batch.status !== BatchStatus.AWAITING_CONTENT) return [];
      const counts = essayCounts(tx, batch);
      // Provisioning not recorded here yet (events from two services race): retry later.
      if (counts.provisioned + counts.failed < counts.expected) throw new Error("provisioning of this batch is not recorded yet");
      const step = newStep(tx, emit, envelope.correlation_id);
      changeBatchStatus(step, batch, statusAfterProvisioning(counts.provisioned), null, { counts, confirmed_by: data.confirmed_by });
      ctx.logger.info("student associations confirmed; batch ready", { ...counts, confirmed_by: data.confirmed_by });
      return step.notifications;
    });
    if (outcome.applied) await deps.notifier.publish(outcome.result);
  });
}
