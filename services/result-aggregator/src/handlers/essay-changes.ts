import type { Database } from "bun:sqlite";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { BatchEssaysAddedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import { addEssayViews, essayViewStorageIds, removeEssayView } from "../db/essay-change-repository.ts";
import { SERVICE_NAME } from "../service-name.ts";
import type { HandlerDeps } from "./deps.ts";

/** Essays added to or removed from a batch: the view follows; a removed essay's result blobs are erased. */
export function essayChangeHandlers(deps: Pick<HandlerDeps, "uow" | "db">, extra: { sqlite: Database; content: ContentEraser }): EventHandler[] {
  return [
    on(BatchEssaysAddedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) =>
        addEssayViews(tx, d.batch_id, d.essay_ids, new Date().toISOString()));
      if (outcome.applied) ctx.logger.info("essays added to the view", { added: d.essay_ids.length, known_batch: outcome.result });
    }),
    on(EssaySlotRemovedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      const erased = await extra.content.erase(essayViewStorageIds(deps.db, d.batch_id, d.essay_id), envelope.correlation_id);
      const outcome = deps.uow.runOnce(SERVICE_NAME, envelope.event_id, (tx) =>
        removeEssayView(tx, d.batch_id, d.essay_id, new Date().toISOString()));
      truncateWal(extra.sqlite);
      if (outcome.applied) ctx.logger.info("essay removed from the view", { essay_id: d.essay_id, contents_erased: erased, known: outcome.result });
    }),
  ];
}
