import type { Database } from "bun:sqlite";
import { on, type EventHandler } from "../bus/consumer.ts";
import { BatchErasureRequestedTopic, BatchErasureStepCompletedTopic } from "../contracts/events/lifecycle.ts";
import type { TopicData } from "../contracts/topics.ts";
import type { Tx } from "../db/database.ts";
import type { UnitOfWork } from "../db/unit-of-work.ts";
import type { ContentEraser } from "./content-eraser.ts";
import { enableSecureDelete, purgePublishedOutbox, truncateWal } from "./sqlite-erasure.ts";

export type ErasureRequest = TopicData<typeof BatchErasureRequestedTopic>;

export interface BatchErasureParticipant {
  /** The consumer name for `runOnce` and the `service` BOS waits for. */
  service: string;
  uow: UnitOfWork;
  sqlite: Database;
  /** Erases the content blobs the service knows of; null for services that store none. */
  content: ContentEraser | null;
  /** Read before the transaction: every content storage id the service holds for the batch. */
  storageIds(request: ErasureRequest): string[];
  /** Inside the transaction: delete the batch's rows; the number of rows deleted. */
  eraseRows(tx: Tx, request: ErasureRequest): number;
}

/**
 * One service's part of a batch erasure: blobs first (I/O, idempotent), then rows, published outbox
 * rows and the step-completed event in one transaction, then the WAL is truncated. A crash anywhere
 * redelivers the event; every step tolerates having been done already.
 * @example runtime.consume([batchErasureHandler({ service, uow, sqlite, content, storageIds, eraseRows })])
 */
export function batchErasureHandler(participant: BatchErasureParticipant): EventHandler {
  const { service, uow, sqlite, content } = participant;
  enableSecureDelete(sqlite);
  return on(BatchErasureRequestedTopic, async (envelope, ctx) => {
    const request = envelope.data;
    if (!request.participants.includes(service)) return;
    const ids = participant.storageIds(request);
    const erasedContents = content && ids.length > 0 ? await content.erase(ids, envelope.correlation_id) : 0;
    const outcome = uow.runOnce(service, envelope.event_id, (tx, emit) => {
      const rows = participant.eraseRows(tx, request);
      const outboxRows = purgePublishedOutbox(tx, [request.batch_id, ...request.essay_ids]);
      emit(BatchErasureStepCompletedTopic, {
        data: { batch_id: request.batch_id, user_id: request.user_id, service, erased_rows: rows + outboxRows, erased_contents: erasedContents },
        source: service, correlationId: envelope.correlation_id,
      });
      return { rows, outboxRows };
    });
    const walTruncated = truncateWal(sqlite);
    if (outcome.applied) {
      ctx.logger.info("batch erased from this service", {
        batch_id: request.batch_id, rows: outcome.result.rows, outbox_rows: outcome.result.outboxRows, contents: erasedContents, wal_truncated: walTruncated,
      });
    }
  });
}
