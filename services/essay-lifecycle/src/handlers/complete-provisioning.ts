import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { SERVICE_NAME } from "../config.ts";
import { isProvisioningComplete } from "../domain/provisioning.ts";
import { findBatch, listFilledSlots, listValidationFailures, markProvisioningCompleted, provisioningProgress } from "../db/intake-store.ts";

/**
 * Hand the batch on when every slot has content (rejected files are reported with it). Emitted at
 * most once per version of the batch's essay set: the batch row is marked in this transaction, and
 * the event's dedupe key is the set version, which every slot added or removed bumps. (A key made
 * of the essay ids swallowed a second hand-over of the same essays: a slot added, its file
 * refused, the slot removed again left the batch awaiting content for ever.)
 */
export function completeProvisioningIfReady(tx: DbOrTx, emit: Emit, batchId: string, correlationId: string, log: Logger): boolean {
  const batch = findBatch(tx, batchId);
  if (!batch || batch.provisioningCompletedAt) return false;
  const progress = provisioningProgress(tx, batchId, batch.expectedCount);
  if (!isProvisioningComplete(progress)) return false;
  if (!markProvisioningCompleted(tx, batchId)) return false;
  const essays = listFilledSlots(tx, batchId).map((e) => ({
    essay_id: e.essayId,
    // Filled slots always carry these; the non-null fallbacks only satisfy the column types.
    text_storage_id: e.textStorageId ?? "",
    original_file_name: e.originalFileName ?? "",
    file_upload_id: e.fileUploadId ?? "",
    student_name: e.studentName,
    student_email: e.studentEmail,
  }));
  const failures = listValidationFailures(tx, batchId).map((f) => ({
    file_upload_id: f.fileUploadId, original_file_name: f.originalFileName, error_code: f.errorCode, message: f.message,
  }));
  const emitted = emit(
    BatchContentProvisioningCompletedTopic,
    {
      data: { batch_id: batchId, class_id: batch.classId, user_id: batch.userId, expected_count: batch.expectedCount, provisioned_count: essays.length, essays, failures },
      source: SERVICE_NAME, correlationId, metadata: { batch_id: batchId, user_id: batch.userId },
    },
    { dedupeKey: provisioningCompletedKey(batchId, batch.essaySetVersion) },
  );
  if (!emitted) {
    // Unreachable while every change of the essay set bumps its version; loud if that ever breaks.
    log.error("batch hand-over already emitted for this essay set version; not emitted again", { batch_id: batchId, essay_set_version: batch.essaySetVersion });
    return false;
  }
  log.info("batch content provisioning completed", { batch_id: batchId, essay_set_version: batch.essaySetVersion, ...progress });
  return true;
}

/** Once per generation of the essay set, never per set of ids: a set can come back to an earlier one. */
export function provisioningCompletedKey(batchId: string, essaySetVersion: number): string {
  return `provisioning-completed:${batchId}:v${essaySetVersion}`;
}
