import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssaySlotContentReplacedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { eraseEssayFeedbackState, essayFeedbackStorageIds } from "../db/feedback-erasure.ts";
import { SERVICE_NAME } from "../service-name.ts";

/** A removed essay's feedback goes with it (blobs first; both steps are idempotent). */
export function essayRemovedHandler(deps: { uow: UnitOfWork; db: Db; content: ContentEraser }): EventHandler {
  return on(EssaySlotRemovedTopic, async (envelope) => {
    await deps.content.erase(essayFeedbackStorageIds(deps.db, envelope.data.essay_id), envelope.correlation_id);
    deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => eraseEssayFeedbackState(tx, envelope.data.essay_id));
  });
}

/**
 * A replaced essay text makes what was gathered for its feedback (corrections, metrics, the grammar
 * check, the feedback itself) stale: it goes like a removed essay's, and the next run gathers anew.
 */
export function essayTextReplacedHandler(deps: { uow: UnitOfWork; db: Db; content: ContentEraser }): EventHandler {
  return on(EssaySlotContentReplacedTopic, async (envelope) => {
    await deps.content.erase(essayFeedbackStorageIds(deps.db, envelope.data.essay_id), envelope.correlation_id);
    deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) => eraseEssayFeedbackState(tx, envelope.data.essay_id));
  });
}
