import type { Database } from "bun:sqlite";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import { NotificationType } from "@shared/contracts/notifications.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import type { NotificationDraft } from "@shared/runtime/teacher-notifier.ts";
import { batchOwnerAndCount, replaceEssayView, staleEssayStorageIds } from "../db/essay-replacement-repository.ts";
import { alreadyProcessed } from "../db/processed-events.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

/**
 * An essay's file was replaced: the view shows the new file and text, the old text's result blobs
 * (corrections, metrics, feedback) are erased first, its results and the batch's CJ ranking are
 * cleared, and the teacher's socket hears `batch_essays_changed` with `replaced_essay_ids`.
 */
export function essayReplacementHandler(deps: Pick<HandlerDeps, "uow" | "db" | "notifier">, extra: { sqlite: Database; content: ContentEraser }): EventHandler {
  return on(EssaySlotContentReplacedTopic, async (envelope, ctx) => {
    const d = envelope.data;
    if (alreadyProcessed(deps.db, SERVICE_NAME, envelope.event_id)) return;
    const erased = await extra.content.erase(staleEssayStorageIds(deps.db, d.batch_id, d.essay_id, d.text_storage_id), envelope.correlation_id);
    const now = new Date().toISOString();
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx): NotificationDraft[] => {
      const replaced = replaceEssayView(tx, d.batch_id, d.essay_id, {
        fileUploadId: d.file_upload_id, originalFileName: d.original_file_name, textStorageId: d.text_storage_id,
        studentName: d.student_name ?? null, studentEmail: d.student_email ?? null,
      }, envelope.event_timestamp, now);
      const batch = batchOwnerAndCount(tx, d.batch_id);
      if (!replaced || !batch) return [];
      return [{
        type: NotificationType.BATCH_ESSAYS_CHANGED, user_id: batch.userId, batch_id: d.batch_id, correlation_id: envelope.correlation_id,
        data: { added_essay_ids: [], removed_essay_ids: [], replaced_essay_ids: [d.essay_id], expected_essay_count: batch.expected, file_name: d.original_file_name },
      }];
    });
    truncateWal(extra.sqlite);
    if (!outcome.applied) return;
    await deps.notifier.publish(outcome.result);
    ctx.logger.info(outcome.result.length ? "essay view shows the replaced file" : "replacement for an essay the view does not hold; nothing to show", { essay_id: d.essay_id, contents_erased: erased });
  });
}
