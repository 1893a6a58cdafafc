import { BatchStatus } from "@shared/contracts/enums.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { BatchEssayRemovalRequestedTopic, BatchEssaysAddedTopic } from "@shared/contracts/events/lifecycle.ts";
import { NotificationType } from "@shared/contracts/notifications.ts";
import type { Tx } from "@shared/db/database.ts";
import type { Emit, UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { TeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import { findBatch, type BatchRecord } from "../db/batch-repository.ts";
import { appendEssaySlots, deleteEssay, essayCount } from "../db/essay-changes.ts";
import { SERVICE_NAME } from "../service-name.ts";
import { changeBatchStatus, newStep, notify } from "./pipeline-steps.ts";

export interface EssayChangeDeps {
  uow: UnitOfWork;
  notifier: TeacherNotifier;
}

interface Change {
  batchId: string;
  userId: string;
  correlationId: string;
}

/** The owner's batch with no pipeline running, or the error the gateway passes on. */
function changeableBatch(tx: Tx, batchId: string, userId: string): BatchRecord {
  const batch = findBatch(tx, batchId);
  if (!batch || batch.userId !== userId) throw new HuleEduError("RESOURCE_NOT_FOUND", `Batch ${batchId} not found`, { batch_id: batchId });
  if (batch.activeRunId !== null) {
    throw new HuleEduError("CONFLICT", `The essays of batch ${batchId} cannot change while a pipeline runs`, { batch_id: batchId, reason: "pipeline_running" });
  }
  return batch;
}

function inTransaction<T>(deps: EssayChangeDeps, correlationId: string, work: (tx: Tx, emit: Emit, step: ReturnType<typeof newStep>) => T) {
  return deps.uow.run((tx, emit) => {
    const step = newStep(tx, emit, correlationId);
    return { result: work(tx, emit, step), notifications: step.notifications };
  });
}

/**
 * Add `count` empty slots: the expected count grows and the batch awaits content again (the
 * teacher uploads the new files through the usual upload route).
 */
export async function addEssaySlots(deps: EssayChangeDeps, change: Change & { count: number }) {
  const { batchId, userId, correlationId, count } = change;
  const { result, notifications } = inTransaction(deps, correlationId, (tx, emit, step) => {
    const batch = changeableBatch(tx, batchId, userId);
    const essayIds = Array.from({ length: count }, () => crypto.randomUUID());
    const expected = essayCount(tx, batchId) + count;
    appendEssaySlots(tx, batchId, essayIds, expected);
    emit(BatchEssaysAddedTopic, { data: { batch_id: batchId, user_id: userId, essay_ids: essayIds, expected_essay_count: expected }, source: SERVICE_NAME, correlationId });
    changeBatchStatus(step, batch, BatchStatus.AWAITING_CONTENT, null);
    notify(step, batch, NotificationType.BATCH_ESSAYS_CHANGED, { added_essay_ids: essayIds, removed_essay_ids: [], expected_essay_count: expected });
    return { batch_id: batchId, essay_ids: essayIds, expected_essay_count: expected };
  });
  await deps.notifier.publish(notifications);
  return result;
}

/** Remove one essay and its file; ELS erases the slot's content and tells the others. */
export async function removeEssay(deps: EssayChangeDeps, change: Change & { essayId: string }) {
  const { batchId, userId, correlationId, essayId } = change;
  const { result, notifications } = inTransaction(deps, correlationId, (tx, emit, step) => {
    const batch = changeableBatch(tx, batchId, userId);
    const remaining = essayCount(tx, batchId) - 1;
    if (remaining < 1) {
      throw new HuleEduError("CONFLICT", `Essay ${essayId} is the last of batch ${batchId}; erase the batch instead`, { batch_id: batchId, reason: "last_essay" });
    }
    if (!deleteEssay(tx, batchId, essayId, remaining)) {
      throw new HuleEduError("RESOURCE_NOT_FOUND", `Essay ${essayId} not found in batch ${batchId}`, { batch_id: batchId, essay_id: essayId });
    }
    emit(BatchEssayRemovalRequestedTopic, { data: { batch_id: batchId, user_id: userId, essay_id: essayId, expected_essay_count: remaining }, source: SERVICE_NAME, correlationId });
    notify(step, batch, NotificationType.BATCH_ESSAYS_CHANGED, { added_essay_ids: [], removed_essay_ids: [essayId], expected_essay_count: remaining });
    return { batch_id: batchId, essay_id: essayId, expected_essay_count: remaining };
  });
  await deps.notifier.publish(notifications);
  return result;
}
