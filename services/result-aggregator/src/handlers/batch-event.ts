import type * as v from "valibot";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchStatus } from "@shared/contracts/enums.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import { findBatchView, insertSeededBatch, touchBatch } from "../db/batch-repository.ts";
import { alreadyProcessed } from "../db/processed-events.ts";
import { BEGINNING_OF_TIME } from "../domain/event-order.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { ApplyEvent, HandlerDeps } from "./deps.ts";

/**
 * An event about a batch the view has not seen that names no owner: it cannot be shown to anyone
 * yet. Thrown (not a poison message), so the entry stays unacked and the bus redelivers it; by then
 * the registration or an event naming the owner (ELS's phase outcome, BOS's status events) has
 * built the view. Past the delivery limit it lands in the DLQ, from where it can be replayed.
 */
export class OwnerNotYetKnownError extends Error {
  override readonly name = "OwnerNotYetKnownError";
}

export interface BatchEventOptions {
  /**
   * The status the event implies for a view it starts, as of the event's time. Without it the view
   * starts AWAITING_CONTENT as of the beginning of time, so any status event wins.
   */
  seedStatus?: BatchStatus;
}

type BatchEventData = { batch_id: string; user_id?: string; org_id?: string | null };

/**
 * The shape of every handler for an event about an existing batch: skip duplicates; for a batch
 * the view has not seen, start its view from the owner the event names (no other service is asked);
 * then seed + apply + processed mark in one transaction; notifications only after a commit that
 * changed something.
 */
export function batchEventHandler<S extends v.GenericSchema<unknown, BatchEventData>>(
  deps: HandlerDeps,
  topic: Topic<S>,
  apply: ApplyEvent<v.InferOutput<S>>,
  options: BatchEventOptions = {},
): EventHandler {
  const unseen = deps.metrics.counter("unseen_batch_events_total", "Events about batches the view had not seen, by what became of them", ["outcome"]);
  return on(topic, async (envelope, hctx) => {
    const data = envelope.data;
    const batchId = data.batch_id;
    if (alreadyProcessed(deps.db, SERVICE_NAME, envelope.event_id)) {
      hctx.logger.debug("duplicate event; the view already has it");
      return;
    }
    const now = new Date().toISOString();
    let seeded = false;
    const run = () => deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => {
      if (!findBatchView(tx, batchId)) {
        if (data.user_id === undefined) {
          throw new OwnerNotYetKnownError(`batch ${batchId} is not in the view yet and ${envelope.event_type} names no owner; left for redelivery`);
        }
        seeded = insertSeededBatch(tx, {
          batchId, userId: data.user_id, orgId: data.org_id ?? null,
          ...(options.seedStatus
            ? { status: options.seedStatus, statusAt: envelope.event_timestamp }
            : { status: BatchStatus.AWAITING_CONTENT, statusAt: BEGINNING_OF_TIME }),
        }, now);
        if (seeded) hctx.logger.info("batch view started from the owner the event names", { event_type: envelope.event_type, user_id: data.user_id });
      }
      const batch = findBatchView(tx, batchId);
      if (!batch) throw new Error(`batch view ${batchId} missing after seeding`);
      if (data.user_id !== undefined && data.user_id !== batch.userId) {
        hctx.logger.warn("event names a different owner than the batch view; the view keeps its owner", { user_id: batch.userId, event_user_id: data.user_id });
      }
      const drafts = apply(data, { tx, batch, at: envelope.event_timestamp, now, correlationId: envelope.correlation_id, logger: hctx.logger });
      touchBatch(tx, batchId, now);
      return drafts;
    });
    let outcome: ReturnType<typeof run>;
    try {
      outcome = run();
    } catch (err) {
      if (err instanceof OwnerNotYetKnownError) {
        unseen.inc({ outcome: "waiting_for_owner" });
        hctx.logger.info("event for a batch the view has not seen, naming no owner; left unacked for redelivery", { event_type: envelope.event_type });
      }
      throw err;
    }
    if (seeded) unseen.inc({ outcome: "seeded" });
    if (outcome.applied) await deps.notifier.publish(outcome.result);
  });
}
