import { HuleEduError } from "@shared/contracts/errors.ts";
import { BatchStatus } from "@shared/contracts/enums.ts";
import type { PipelineAdmission } from "@shared/contracts/pipeline-admission.ts";

/**
 * The batch if it belongs to `userId`. Someone else's batch is "not found" with the same message
 * as a batch that does not exist, so its existence never leaks.
 */
export function ownedBatch<T extends { user_id: string }>(batch: T | undefined, userId: string, batchId: string): T {
  if (!batch || batch.user_id !== userId) {
    throw new HuleEduError("RESOURCE_NOT_FOUND", `Batch ${batchId} not found`, { batch_id: batchId });
  }
  return batch;
}

/** Files are taken only while the batch still awaits its essays. */
export function assertAcceptsFiles(batchId: string, status: string): void {
  if (status !== BatchStatus.AWAITING_CONTENT) {
    throw new HuleEduError("CONFLICT", `Batch ${batchId} no longer accepts files (status ${status})`, { batch_id: batchId, status, reason: "batch_not_accepting_files" });
  }
}

/** BOS decides whether a pipeline may start (its summary carries the answer); the gateway only refuses early with it. */
export function assertPipelineRequestAllowed(batchId: string, status: string, admission: PipelineAdmission): void {
  if (admission.allowed) return;
  const message = admission.message ?? `Batch ${batchId} cannot run a pipeline in status ${status}`;
  throw new HuleEduError("CONFLICT", message, { batch_id: batchId, status, reason: admission.reason ?? "batch_not_ready" });
}

/** The prompt can change at any time except while a pipeline runs over the batch. */
export function assertPromptAmendable(batchId: string, status: string): void {
  if (status === BatchStatus.PROCESSING_PIPELINES) {
    throw new HuleEduError("CONFLICT", `The prompt of batch ${batchId} cannot change while a pipeline runs`, { batch_id: batchId, status, reason: "pipeline_running" });
  }
}
