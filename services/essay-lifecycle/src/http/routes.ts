import type { Hono } from "hono";
import * as v from "valibot";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readParams } from "@shared/http/validate.ts";
import { findBatchWithEssays, findEssayWithHistory } from "../db/essay-queries.ts";
import type { essays } from "../db/schema.ts";
import { BatchEssaysResponseSchema, BatchIdParamsSchema, EssayDetailResponseSchema, EssayIdParamsSchema, type EssaySummary } from "./schemas.ts";

function essaySummary(row: typeof essays.$inferSelect): EssaySummary {
  return {
    essay_id: row.essayId, batch_id: row.batchId, status: row.status, text_storage_id: row.textStorageId,
    original_text_storage_id: row.originalTextStorageId, original_file_name: row.originalFileName, file_upload_id: row.fileUploadId,
    student_name: row.studentName, student_email: row.studentEmail, updated_at: row.updatedAt,
  };
}

/** The internal read API (the internal key guards /internal/* in the app). */
export function registerEssayRoutes(app: Hono<AppEnv>, deps: { db: Db }): void {
  const { db } = deps;

  app.get("/internal/v1/batches/:batch_id/essays", (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const found = findBatchWithEssays(db, batch_id);
    if (!found) throw new HuleEduError("RESOURCE_NOT_FOUND", `No batch ${batch_id} is registered`, { batch_id });
    const body: v.InferOutput<typeof BatchEssaysResponseSchema> = {
      batch_id, expected_count: found.batch.expectedCount, provisioning_completed: found.batch.provisioningCompletedAt !== null,
      essays: found.essays.map(essaySummary),
    };
    return c.json(body);
  });

  app.get("/internal/v1/essays/:essay_id", (c) => {
    const { essay_id } = readParams(c, EssayIdParamsSchema);
    const found = findEssayWithHistory(db, essay_id);
    if (!found) throw new HuleEduError("RESOURCE_NOT_FOUND", `No essay ${essay_id}`, { essay_id });
    const body: v.InferOutput<typeof EssayDetailResponseSchema> = {
      essay: essaySummary(found.essay),
      phases: found.history.map((h) => ({
        run_id: h.runId, phase: h.phase, run_status: h.runStatus, status: h.status, input_text_storage_id: h.inputTextStorageId,
        result_text_storage_id: h.resultTextStorageId, failure_reason: h.failureReason, started_at: h.startedAt, finished_at: h.finishedAt,
      })),
    };
    return c.json(body);
  });
}
