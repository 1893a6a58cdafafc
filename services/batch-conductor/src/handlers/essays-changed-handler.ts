import { on } from "@shared/bus/consumer.ts";
import { BatchEssaysAddedTopic, EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { PhaseProjection } from "../db/phase-projection.ts";

/**
 * A replaced essay text or new essay slots make the batch's completed phases stale: forget them,
 * so the next pipeline request runs every phase again instead of pruning it (the replaced essay
 * would otherwise never get results). Idempotent through the processed-event mark.
 */
export function essaysChangedHandlers(projection: PhaseProjection) {
  const forget = (reason: string) => async (batchId: string, eventId: string, logger: Logger) => {
    const applied = await projection.forget(eventId, batchId);
    logger.info(applied ? "completed phases forgotten: the batch's essays changed" : "essay change already applied", { batch_id: batchId, reason });
  };
  const replaced = forget("essay_text_replaced");
  const added = forget("essay_slots_added");
  return [
    on(EssaySlotContentReplacedTopic, async (envelope, ctx) => replaced(envelope.data.batch_id, envelope.event_id, ctx.logger)),
    on(BatchEssaysAddedTopic, async (envelope, ctx) => added(envelope.data.batch_id, envelope.event_id, ctx.logger)),
  ];
}
