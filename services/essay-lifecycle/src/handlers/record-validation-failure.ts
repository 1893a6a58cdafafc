import type { TopicData } from "@shared/contracts/topics.ts";
import { EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { findBatch, recordValidationFailure } from "../db/intake-store.ts";

export type EssayValidationFailed = TopicData<typeof EssayValidationFailedTopic>;

/** Record a file that could not become an essay (once per upload); reported when the batch is handed on, it never completes one. */
export function recordFailedFile(tx: DbOrTx, data: EssayValidationFailed, log: Logger): { recorded: boolean } {
  const recorded = recordValidationFailure(tx, {
    batchId: data.batch_id, fileUploadId: data.file_upload_id, originalFileName: data.original_file_name,
    errorCode: data.error_code, message: data.message,
  });
  if (!recorded) {
    log.info("validation failure already recorded; ignored", { file_upload_id: data.file_upload_id });
    return { recorded: false };
  }
  const batchKnown = findBatch(tx, data.batch_id) !== undefined;
  log.info(batchKnown ? "validation failure recorded" : "validation failure recorded before batch registration", {
    file_upload_id: data.file_upload_id, error_code: data.error_code,
  });
  return { recorded: true };
}
