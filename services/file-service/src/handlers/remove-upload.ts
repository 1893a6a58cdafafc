import type { Database } from "bun:sqlite";
import { on, type EventHandler } from "@shared/bus/consumer.ts";
import { EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { ContentEraser } from "@shared/lifecycle/content-eraser.ts";
import { truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import { eraseUpload, uploadBlobIds } from "../db/erasure-repository.ts";

/** ELS removed an essay slot: its uploaded file (record, raw bytes, extracted text) goes too. */
export function removedUploadHandler(deps: { service: string; uow: UnitOfWork; db: Db; sqlite: Database; content: ContentEraser }): EventHandler {
  return on(EssaySlotRemovedTopic, async (envelope, ctx) => {
    const uploadId = envelope.data.file_upload_id;
    if (!uploadId) return;
    const erased = await deps.content.erase(uploadBlobIds(deps.db, uploadId), envelope.correlation_id);
    const outcome = deps.uow.runOnce(deps.service, envelope.event_id, (tx) => eraseUpload(tx, uploadId));
    truncateWal(deps.sqlite);
    if (outcome.applied) ctx.logger.info("upload of a removed essay erased", { file_upload_id: uploadId, rows: outcome.result, contents_erased: erased });
  });
}
