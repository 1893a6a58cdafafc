import type { TopicData } from "@shared/contracts/topics.ts";
import { EssayContentProvisionedTopic } from "@shared/contracts/events/file.ts";
import { EssaySlotAssignedTopic, ExcessContentProvisionedTopic } from "@shared/contracts/events/els.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { SERVICE_NAME } from "../config.ts";
import { decideTransition } from "../domain/essay-state-machine.ts";
import { ExcessReason } from "../domain/provisioning.ts";
import { fillSlot, findBatch, findContent, findFreeSlot, holdPendingContent, recordContent, type SlotContent } from "../db/intake-store.ts";
import { ContentOutcome } from "../db/statuses.ts";
import { completeProvisioningIfReady } from "./complete-provisioning.ts";

export type ContentProvisioned = TopicData<typeof EssayContentProvisionedTopic>;

export type ProvisionResult =
  | { kind: "held" }
  | { kind: "duplicate" }
  | { kind: "excess"; reason: ExcessReason }
  | { kind: "assigned"; essayId: string; batchCompleted: boolean };

function slotContent(data: ContentProvisioned): SlotContent {
  return {
    fileUploadId: data.file_upload_id, originalFileName: data.original_file_name, rawFileStorageId: data.raw_file_storage_id,
    textStorageId: data.text_storage_id, contentSha256: data.content_sha256,
    studentName: data.student_name ?? null, studentEmail: data.student_email ?? null,
  };
}

/**
 * Give provisioned content a slot, all inside the caller's immediate transaction: the free slot is
 * chosen here, so concurrent workers serialise on SQLite's write lock and never share a slot; the
 * ledger's primary key (batch, sha256) refuses the same content a second slot.
 */
export function provisionContent(tx: DbOrTx, emit: Emit, data: ContentProvisioned, correlationId: string, log: Logger): ProvisionResult {
  const batch = findBatch(tx, data.batch_id);
  if (!batch) {
    const held = holdPendingContent(tx, data.batch_id, data.file_upload_id, data, correlationId);
    log.info(held ? "content held until its batch is registered" : "content already held", { file_upload_id: data.file_upload_id });
    return { kind: "held" };
  }
  const content = slotContent(data);
  const free = findFreeSlot(tx, batch.batchId);
  // Once the batch is handed on its essay list is fixed.
  const slot = batch.provisioningCompletedAt ? undefined : free;
  const outcome = slot ? ContentOutcome.ASSIGNED : ContentOutcome.EXCESS;
  if (!recordContent(tx, batch.batchId, content, outcome, slot?.essayId ?? null)) {
    const first = findContent(tx, batch.batchId, data.content_sha256);
    if (!first || first.fileUploadId === data.file_upload_id) {
      log.info("same content delivered again; ignored", { file_upload_id: data.file_upload_id, essay_id: first?.essayId });
      return { kind: "duplicate" };
    }
    // Another file with identical text: it must not take a slot, and the teacher should hear of it.
    emitExcess(emit, data, ExcessReason.DUPLICATE_CONTENT, correlationId);
    log.warn("identical content uploaded as another file; not given a slot", { file_upload_id: data.file_upload_id, first_file_upload_id: first.fileUploadId });
    return { kind: "excess", reason: ExcessReason.DUPLICATE_CONTENT };
  }
  if (!slot) {
    const reason = free ? ExcessReason.PROVISIONING_COMPLETED : ExcessReason.ALL_SLOTS_TAKEN;
    emitExcess(emit, data, reason, correlationId);
    // The teacher may add slots next (and the upload can overtake that change): keep it for them.
    holdPendingContent(tx, batch.batchId, data.file_upload_id, data, correlationId);
    log.warn("content beyond the expected essay count", { file_upload_id: data.file_upload_id, reason });
    return { kind: "excess", reason };
  }
  const decision = decideTransition(slot.status, { type: "content_assigned" });
  if (decision.kind === "reject" || !fillSlot(tx, slot.essayId, content, decision.from, decision.to)) {
    // A slot without content is always AWAITING_CONTENT; anything else is corrupted state.
    throw new Error(`free slot ${slot.essayId} is in ${slot.status}, not AWAITING_CONTENT`);
  }
  emit(
    EssaySlotAssignedTopic,
    {
      data: {
        batch_id: batch.batchId, essay_id: slot.essayId, file_upload_id: data.file_upload_id,
        original_file_name: data.original_file_name, text_storage_id: data.text_storage_id,
      },
      source: SERVICE_NAME, correlationId, metadata: { batch_id: batch.batchId, user_id: batch.userId },
    },
    { dedupeKey: `slot-assigned:${slot.essayId}` },
  );
  log.info("content assigned to slot", { essay_id: slot.essayId, file_upload_id: data.file_upload_id });
  const batchCompleted = completeProvisioningIfReady(tx, emit, batch.batchId, correlationId, log);
  return { kind: "assigned", essayId: slot.essayId, batchCompleted };
}

function emitExcess(emit: Emit, data: ContentProvisioned, reason: ExcessReason, correlationId: string): void {
  emit(
    ExcessContentProvisionedTopic,
    {
      data: {
        batch_id: data.batch_id, file_upload_id: data.file_upload_id, original_file_name: data.original_file_name,
        text_storage_id: data.text_storage_id, reason,
      },
      source: SERVICE_NAME, correlationId, metadata: { batch_id: data.batch_id },
    },
    { dedupeKey: `excess:${data.batch_id}:${data.file_upload_id}` },
  );
}
