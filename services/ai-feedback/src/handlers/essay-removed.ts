import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssaySlotContentReplacedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { eraseEssayFeedbackState, essayFeedbackStorageIds } from "../db/feedback-erasure.ts";
import { SERVICE_NAME } from "../service-name.ts";

type ErasureDeps = { uow: UnitOfWork; db: Db; content: ContentEraser };

/** Erase what the service holds of one essay (blobs first; both steps are idempotent). */
async function eraseEssayFeedback(deps: ErasureDeps, essayId: string, eventId: string, correlationId: string): Promise<void> {
  await deps.content.erase(essayFeedbackStorageIds(deps.db, essayId), correlationId);
  deps.uow.runOnce(SERVICE_NAME, eventId, (tx) => eraseEssayFeedbackState(tx, essayId));
}

/** A removed essay's feedback goes with it. */
export function essayRemovedHandler(deps: ErasureDeps): EventHandler {
  return on(EssaySlotRemovedTopic, (envelope) => eraseEssayFeedback(deps, envelope.data.essay_id, envelope.event_id, envelope.correlation_id));
}

/**
 * A replaced essay text makes what was gathered for its feedback (corrections, metrics, the grammar
 * check, the feedback itself) stale: it goes like a removed essay's, and the next run gathers anew.
 */
export function essayTextReplacedHandler(deps: ErasureDeps): EventHandler {
  return on(EssaySlotContentReplacedTopic, (envelope) => eraseEssayFeedback(deps, envelope.data.essay_id, envelope.event_id, envelope.correlation_id));
}
