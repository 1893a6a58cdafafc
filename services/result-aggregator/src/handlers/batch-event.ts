import type * as v from "valibot";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { PoisonMessageError } from "@shared/bus/errors.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import { findBatchView, batchViewExists, insertSeededBatch, touchBatch } from "../db/batch-repository.ts";
import { insertSeededPhases } from "../db/phase-repository.ts";
import { alreadyProcessed } from "../db/processed-events.ts";
import { seedFromPipelineState, type BatchSeed } from "../domain/pipeline-state.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { ApplyEvent, HandlerDeps } from "./deps.ts";

/**
 * The shape of every handler for an event about an existing batch: skip duplicates; for a batch
 * the view has not seen, ask BOS for its pipeline state BEFORE the transaction (a failed lookup
 * throws, so the entry stays unacked and the bus retries it); then seed + apply + processed mark in
 * one transaction; notifications only after a commit that changed something.
 */
export function batchEventHandler<S extends v.GenericSchema<unknown, { batch_id: string; user_id?: string }>>(
  deps: HandlerDeps,
  topic: Topic<S>,
  apply: ApplyEvent<v.InferOutput<S>>,
): EventHandler {
  const lookups = deps.metrics.counter("unknown_batch_lookups_total", "BOS lookups for events about batches the view had not seen", ["outcome"]);
  return on(topic, async (envelope, hctx) => {
    const data = envelope.data;
    const batchId = data.batch_id;
    if (alreadyProcessed(deps.db, SERVICE_NAME, envelope.event_id)) {
      hctx.logger.debug("duplicate event; the view already has it");
      return;
    }
    let seed: BatchSeed | undefined;
    if (!batchViewExists(deps.db, batchId)) {
      hctx.logger.info("event for a batch the view has not seen; asking BOS for its pipeline state", { event_type: envelope.event_type });
      const lookup = await deps.bos.pipelineState(batchId, envelope.correlation_id, hctx.logger);
      if (!lookup.found) {
        lookups.inc({ outcome: "not_found" });
        throw new PoisonMessageError(`batch ${batchId} is unknown to both RAS and BOS (BOS answered 404)`);
      }
      lookups.inc({ outcome: "seeded" });
      seed = seedFromPipelineState(lookup.state);
    }
    const now = new Date().toISOString();
    const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => {
      if (seed && insertSeededBatch(tx, seed, now)) {
        insertSeededPhases(tx, batchId, seed.phases);
        hctx.logger.info("batch view seeded from BOS pipeline state", { user_id: seed.userId, status: seed.status, phases: seed.phases.length });
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
    if (outcome.applied) await deps.notifier.publish(outcome.result);
  });
}
