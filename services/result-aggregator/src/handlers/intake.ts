import type { EventHandler } from "@shared/bus/consumer.ts";
import { BatchContentProvisioningCompletedTopic, EssaySlotAssignedTopic } from "@shared/contracts/events/els.ts";
import { recordProvisioning } from "../db/batch-repository.ts";
import { fillEssayGaps, upsertEssay } from "../db/essay-repository.ts";
import { batchEventHandler } from "./batch-event.ts";
import type { HandlerDeps } from "./deps.ts";

/** ELS gave an essay slot its content: file name and text. */
export function slotAssignedHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, EssaySlotAssignedTopic, (d, { tx, now }) => {
    upsertEssay(tx, d.batch_id, d.essay_id, { fileUploadId: d.file_upload_id, originalFileName: d.original_file_name, originalTextStorageId: d.text_storage_id }, now);
    fillEssayGaps(tx, d.batch_id, d.essay_id, { currentTextStorageId: d.text_storage_id }, now);
    return [];
  });
}

/** Every expected essay has content or a failure: student names, counts and what could not be used. */
export function provisioningCompletedHandler(deps: HandlerDeps): EventHandler {
  return batchEventHandler(deps, BatchContentProvisioningCompletedTopic, (d, { tx, at, now }) => {
    for (const essay of d.essays) {
      upsertEssay(tx, d.batch_id, essay.essay_id, {
        fileUploadId: essay.file_upload_id, originalFileName: essay.original_file_name, originalTextStorageId: essay.text_storage_id,
        studentName: essay.student_name ?? null, studentEmail: essay.student_email ?? null,
      }, now);
      fillEssayGaps(tx, d.batch_id, essay.essay_id, { currentTextStorageId: essay.text_storage_id }, now);
    }
    recordProvisioning(tx, d.batch_id, { provisionedCount: d.provisioned_count, expectedCount: d.expected_count, failures: d.failures }, at, now);
    return [];
  });
}
