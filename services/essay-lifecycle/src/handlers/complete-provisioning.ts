import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { SERVICE_NAME } from "../config.ts";
import { isProvisioningComplete } from "../domain/provisioning.ts";
import { findBatch, listFilledSlots, listValidationFailures, markProvisioningCompleted, provisioningProgress } from "../db/intake-store.ts";

/**
 * Hand the batch on when every slot has content (rejected files are reported with it). Emitted at
 * most once per batch: the batch row is marked in this transaction and the event has a dedupe key.
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
  emit(
    BatchContentProvisioningCompletedTopic,
    {
      data: { batch_id: batchId, class_id: batch.classId, user_id: batch.userId, expected_count: batch.expectedCount, provisioned_count: essays.length, essays, failures },
      source: SERVICE_NAME, correlationId, metadata: { batch_id: batchId, user_id: batch.userId },
    },
    // Once per set of essays: adding or removing essays hands the batch on again.
    { dedupeKey: `provisioning-completed:${batchId}:${essaySetKey(essays.map((e) => e.essay_id))}` },
  );
  log.info("batch content provisioning completed", { batch_id: batchId, ...progress });
  return true;
}

function essaySetKey(essayIds: readonly string[]): string {
  return new Bun.CryptoHasher("sha256").update([...essayIds].sort().join(",")).digest("hex").slice(0, 32);
}
