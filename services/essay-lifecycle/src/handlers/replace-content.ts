import type { Database } from "bun:sqlite";
import { and, eq } from "drizzle-orm";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssayFileReplacedTopic } from "@shared/contracts/events/file.ts";
import { EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import { SERVICE_NAME } from "../config.ts";
import { findSlotOfUpload, pendingRunsOfEssay, replaceHeldContent, replaceSlotContent } from "../db/content-replacement-store.ts";
import { slotStorageIds } from "../db/essay-change-store.ts";
import type { SlotContent } from "../db/intake-store.ts";
import { processedEvents } from "../db/schema.ts";
import { failPendingEssays } from "./fail-pending-essays.ts";

type FileReplaced = TopicData<typeof EssayFileReplacedTopic>;

/** Why an essay's pending result no longer counts: its text was replaced under it. */
export const CONTENT_REPLACED = "CONTENT_REPLACED";

function slotContent(d: FileReplaced): SlotContent {
  return {
    fileUploadId: d.file_upload_id, originalFileName: d.original_file_name, rawFileStorageId: d.raw_file_storage_id, textStorageId: d.text_storage_id,
    contentSha256: d.content_sha256, studentName: d.student_name ?? null, studentEmail: d.student_email ?? null,
  };
}

/** The held upload payload (EssayContentProvisioned's shape) with the new file in it. */
function heldPayload(d: FileReplaced) {
  return {
    batch_id: d.batch_id, file_upload_id: d.file_upload_id, original_file_name: d.original_file_name, raw_file_storage_id: d.raw_file_storage_id,
    text_storage_id: d.text_storage_id, file_size_bytes: d.file_size_bytes, content_sha256: d.content_sha256,
    student_name: d.student_name ?? null, student_email: d.student_email ?? null,
  };
}

/**
 * The teacher replaced a file: its slot keeps the essay id and takes the new text; every blob of the
 * old text (original, current and corrected text, phase inputs and results) is erased first, then
 * one transaction updates the slot and tells RAS (EssaySlotContentReplaced). A result still pending
 * for the old text fails with CONTENT_REPLACED so it can never count. Idempotent: a repeat is
 * recognised before anything is erased, and the slot's text decides whether it was applied.
 */
export function contentReplacementHandler(deps: { uow: UnitOfWork; db: Db; sqlite: Database; content: ContentEraser }): EventHandler {
  return on(EssayFileReplacedTopic, async (envelope, ctx) => {
    const d = envelope.data;
    const seen = deps.db.select().from(processedEvents).where(and(eq(processedEvents.consumer, SERVICE_NAME), eq(processedEvents.eventId, envelope.event_id))).get();
    if (seen) return;
    const slot = findSlotOfUpload(deps.db, d.batch_id, d.file_upload_id);
    if (slot && slot.originalTextStorageId !== d.text_storage_id) {
      if (slot.originalTextStorageId !== d.previous_text_storage_id) {
        // An earlier replacement of this file is not applied yet (another worker has it): retry later.
        throw new Error(`replacement ${d.replacement_id} of upload ${d.file_upload_id} arrived before the one it follows`);
      }
      const keep = new Set([d.text_storage_id, d.raw_file_storage_id]);
      const erased = await deps.content.erase(slotStorageIds(deps.db, slot.essayId).filter((id) => !keep.has(id)), envelope.correlation_id);
      ctx.logger.info("old content of a replaced essay erased", { essay_id: slot.essayId, contents_erased: erased });
    }
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      const current = findSlotOfUpload(tx, d.batch_id, d.file_upload_id);
      if (!current) return { kind: replaceHeldContent(tx, d.batch_id, d.file_upload_id, heldPayload(d)) ? "held" : "unknown_upload" } as const;
      if (current.originalTextStorageId === d.text_storage_id) return { kind: "already_applied", essayId: current.essayId } as const;
      for (const run of pendingRunsOfEssay(tx, current.essayId)) {
        failPendingEssays(tx, emit, run, [current.essayId], CONTENT_REPLACED, envelope.correlation_id, ctx.logger);
      }
      if (!replaceSlotContent(tx, current, slotContent(d))) throw new Error(`slot ${current.essayId} changed while its content was replaced`);
      emit(EssaySlotContentReplacedTopic, {
        data: {
          batch_id: d.batch_id, user_id: d.user_id, essay_id: current.essayId, file_upload_id: d.file_upload_id, replacement_id: d.replacement_id,
          original_file_name: d.original_file_name, text_storage_id: d.text_storage_id, student_name: d.student_name ?? null, student_email: d.student_email ?? null,
        },
        source: SERVICE_NAME, correlationId: envelope.correlation_id, metadata: { batch_id: d.batch_id, user_id: d.user_id },
      }, { dedupeKey: `slot-replaced:${d.replacement_id}` });
      return { kind: "replaced", essayId: current.essayId } as const;
    });
    truncateWal(deps.sqlite);
    if (!outcome.applied) return;
    const r = outcome.result;
    if (r.kind === "unknown_upload") ctx.logger.warn("replacement of an upload ELS holds no slot or content for (removed meanwhile?); ignored", { file_upload_id: d.file_upload_id });
    else ctx.logger.info("essay content replaced", { file_upload_id: d.file_upload_id, outcome: r.kind, ...("essayId" in r ? { essay_id: r.essayId } : {}) });
  });
}
