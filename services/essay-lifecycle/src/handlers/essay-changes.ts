import * as v from "valibot";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssayContentProvisionedTopic } from "@shared/contracts/events/file.ts";
import { BatchEssayRemovalRequestedTopic, BatchEssaysAddedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { Database } from "bun:sqlite";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import { SERVICE_NAME } from "../config.ts";
import { addSlots, releaseExcess, removeSlot, slotStorageIds } from "../db/essay-change-store.ts";
import { takePendingContents } from "../db/intake-store.ts";
import { provisionContent } from "./provision-content.ts";
import { completeProvisioningIfReady } from "./complete-provisioning.ts";

export interface EssayChangeDeps {
  uow: UnitOfWork;
  db: Db;
  sqlite: Database;
  content: ContentEraser;
}

/** BOS added or removed essays of a batch that is not processing. */
export function essayChangeHandlers(deps: EssayChangeDeps): EventHandler[] {
  const { uow } = deps;
  return [
    on(BatchEssaysAddedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
        if (!addSlots(tx, d.batch_id, d.essay_ids)) return [];
        // Uploads that arrived before this change were held as excess: they fill the new slots now.
        const held = takePendingContents(tx, d.batch_id).map((pending) => {
          const content = v.parse(EssayContentProvisionedTopic.schema, pending.payload);
          releaseExcess(tx, d.batch_id, content.file_upload_id);
          return provisionContent(tx, emit, content, pending.correlationId, ctx.logger).kind;
        });
        // Every added slot was removed already (the removal overtook this addition): hand on again.
        completeProvisioningIfReady(tx, emit, d.batch_id, envelope.correlation_id, ctx.logger);
        return held;
      });
      if (outcome.applied) ctx.logger.info("essay slots added", { added: d.essay_ids.length, expected_count: d.expected_essay_count, held_contents: outcome.result });
    }),
    on(BatchEssayRemovalRequestedTopic, async (envelope, ctx) => {
      const d = envelope.data;
      // Content first (idempotent), then the rows; a crash in between repeats both.
      const erased = await deps.content.erase(slotStorageIds(deps.db, d.essay_id), envelope.correlation_id);
      const outcome = uow.runOnce(SERVICE_NAME, envelope.event_id, (tx, emit) => {
        const removed = removeSlot(tx, d.batch_id, d.essay_id);
        emit(EssaySlotRemovedTopic, {
          data: { batch_id: d.batch_id, user_id: d.user_id, essay_id: d.essay_id, file_upload_id: removed?.fileUploadId ?? null, expected_count: removed?.expectedCount ?? d.expected_essay_count },
          source: SERVICE_NAME, correlationId: envelope.correlation_id, metadata: { batch_id: d.batch_id, user_id: d.user_id },
        });
        // A smaller batch may now have every slot filled.
        completeProvisioningIfReady(tx, emit, d.batch_id, envelope.correlation_id, ctx.logger);
        return removed !== undefined;
      });
      truncateWal(deps.sqlite);
      if (outcome.applied) ctx.logger.info("essay slot removed", { essay_id: d.essay_id, contents_erased: erased, known_slot: outcome.result });
    }),
  ];
}
