import type { Database } from "bun:sqlite";
import type { Redis } from "@shared/bus/redis.ts";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { BatchErasedTopic, BatchErasureRequestedTopic, BatchErasureStepCompletedTopic } from "@shared/contracts/events/lifecycle.ts";
import { NotificationType } from "@shared/contracts/notifications.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import { purgePublishedOutbox, truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import { scrubStreams } from "@shared/lifecycle/stream-scrub.ts";
import type { TeacherNotifier } from "@shared/runtime/teacher-notifier.ts";
import { findBatch } from "../db/batch-repository.ts";
import { deleteBatchContext, erasureDone, findErasure, insertErasure, recordErasureStep, type ErasureReason } from "../db/erasure-repository.ts";
import { SERVICE_NAME } from "../service-name.ts";

export interface ErasureDeps {
  uow: UnitOfWork;
  /** For the read before the scrub (outside the transaction). */
  db: Db;
  sqlite: Database;
  notifier: TeacherNotifier;
  redis: Redis;
  /** The services that must confirm (BOS_ERASURE_PARTICIPANTS). */
  participants: readonly string[];
  /** Every stream whose entries may name a batch (the topic registry and its DLQs). */
  streams: () => Promise<string[]>;
}

const notFound = (batchId: string) => new HuleEduError("RESOURCE_NOT_FOUND", `Batch ${batchId} not found`, { batch_id: batchId });

/**
 * Drop BOS's context of the batch and ask every participant to erase theirs, in one transaction.
 * From this commit on the batch is unknown to BOS, so every gateway route answers 404.
 */
export function startBatchErasure(deps: Pick<ErasureDeps, "uow" | "sqlite" | "participants">, input: { batchId: string; userId: string; reason: ErasureReason; correlationId: string }) {
  const { batchId, userId, reason, correlationId } = input;
  const participants = [...deps.participants];
  deps.uow.run((tx, emit) => {
    const batch = findBatch(tx, batchId);
    if (!batch || batch.userId !== userId) throw notFound(batchId);
    if (batch.activeRunId !== null) {
      throw new HuleEduError("CONFLICT", `Batch ${batchId} cannot be erased while a pipeline runs on it`, { batch_id: batchId, reason: "pipeline_running" });
    }
    const essayIds = deleteBatchContext(tx, batchId);
    purgePublishedOutbox(tx, [batchId, ...essayIds]);
    insertErasure(tx, { batchId, userId, reason, essayIds, participants, correlationId, requestedAt: new Date().toISOString() });
    emit(BatchErasureRequestedTopic, { data: { batch_id: batchId, user_id: userId, essay_ids: essayIds, reason, participants }, source: SERVICE_NAME, correlationId });
  });
  truncateWal(deps.sqlite);
  return { batch_id: batchId, status: "erasing" as const, participants };
}

/**
 * A participant finished. When the last one has, BOS deletes the batch's stream entries (they
 * carry names, corrections, previews) and announces the erasure once.
 */
export function erasureStepHandler(deps: ErasureDeps): EventHandler {
  return on(BatchErasureStepCompletedTopic, async (envelope, ctx) => {
    const data = envelope.data;
    const before = findErasure(deps.db, data.batch_id);
    if (!before) {
      ctx.logger.warn("erasure step for an erasure BOS does not know; ignored", { service: data.service });
      return;
    }
    const finishing = before.completedAt === null && erasureDone(before, data.service);
    const scrubbed = finishing ? await scrubStreams(deps.redis, await deps.streams(), [before.batchId, ...before.essayIds]) : 0;
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
      const row = recordErasureStep(tx, data.batch_id, data.service, finishing ? new Date().toISOString() : null);
      if (!row) return undefined;
      const announced = finishing && emit(BatchErasedTopic, {
        data: { batch_id: row.batchId, user_id: row.userId, reason: row.reason, services: row.completedServices, scrubbed_stream_entries: scrubbed },
        source: SERVICE_NAME, correlationId: envelope.correlation_id,
      }, { dedupeKey: `batch-erased:${row.batchId}` });
      return { row, announced };
    });
    if (!outcome.applied || !outcome.result) return;
    const { row, announced } = outcome.result;
    const base = { user_id: row.userId, batch_id: row.batchId, correlation_id: envelope.correlation_id };
    await deps.notifier.publish([
      { ...base, type: NotificationType.BATCH_ERASURE_PROGRESS, data: { service: data.service, completed: row.completedServices, participants: row.participants } },
      ...(announced ? [{ ...base, type: NotificationType.BATCH_ERASED, data: { reason: row.reason, services: row.completedServices, scrubbed_stream_entries: scrubbed } }] : []),
    ]);
    if (announced) ctx.logger.info("batch erased everywhere", { services: row.completedServices, scrubbed_stream_entries: scrubbed });
    truncateWal(deps.sqlite);
  });
}
