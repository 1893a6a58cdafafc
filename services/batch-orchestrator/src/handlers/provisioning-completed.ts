import { PoisonMessageError } from "@shared/bus/errors.ts";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import { essayCounts, findBatch, provisionedEssays, recordProvisionedEssay, recordProvisioningFailure } from "../db/batch-repository.ts";
import { statusAfterProvisioning } from "../domain/batch-readiness.ts";
import { awaitsStudentMatching } from "../domain/class-batch-readiness.ts";
import { changeBatchStatus, newStep } from "./pipeline-steps.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

/**
 * ELS says every expected essay has content or a failure: record them and make the batch ready.
 * A batch no longer awaiting content has already been through this (a re-emission): ignored.
 */
export function provisioningCompletedHandler(deps: Pick<HandlerDeps, "uow" | "notifier"> & { holdClassBatches?: boolean }): EventHandler {
  return on(BatchContentProvisioningCompletedTopic, async (envelope, ctx) => {
    const data = envelope.data;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      const batch = findBatch(tx, data.batch_id);
      if (!batch) throw new PoisonMessageError(`provisioning completed for unknown batch ${data.batch_id}`);
      if (batch.status !== BatchStatus.AWAITING_CONTENT) {
        ctx.logger.info("provisioning already recorded; ignored", { status: batch.status });
        return [];
      }
      // After slots were added, essays provisioned before keep the text their phases produced.
      const known = new Set(provisionedEssays(tx, batch.batchId).map((e) => e.essay_id));
      for (const essay of data.essays.filter((e) => !known.has(e.essay_id))) {
        if (!recordProvisionedEssay(tx, batch.batchId, essay)) {
          ctx.logger.warn("provisioned essay is not a slot of this batch; ignored", { essay_id: essay.essay_id });
        }
      }
      for (const failure of data.failures) recordProvisioningFailure(tx, batch.batchId, failure);
      const counts = essayCounts(tx, batch);
      const step = newStep(tx, emit, envelope.correlation_id);
      if (deps.holdClassBatches && awaitsStudentMatching(batch.classId, statusAfterProvisioning(counts.provisioned))) {
        ctx.logger.info("batch content provisioned; awaiting the teacher's student matching", { ...counts, class_id: batch.classId });
        return step.notifications;
      }
      changeBatchStatus(step, batch, statusAfterProvisioning(counts.provisioned), null, { counts });
      ctx.logger.info("batch content provisioned", { ...counts, status: statusAfterProvisioning(counts.provisioned) });
      return step.notifications;
    });
    if (outcome.applied) await deps.notifier.publish(outcome.result);
  });
}
