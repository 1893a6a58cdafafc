import type { BatchResultsView, EssayResultView } from "@shared/contracts/batch-results.ts";
import * as v from "valibot";
import type { Context, Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import { createBosLifecycleClient } from "../clients/bos-lifecycle-client.ts";
import type { RasClient } from "../clients/ras-client.ts";
import type { Upstream } from "../clients/upstream.ts";
import { batchExportZip } from "../domain/batch-export.ts";
import { ownedBatch } from "../domain/batch-access.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { loadOwnedBatch } from "./owned-batch.ts";

export const EssaySlotsRequestSchema = v.pipe(
  v.object({ count: v.pipe(v.number(), v.integer("count must be a whole number"), v.minValue(1, "count must be at least 1"), v.maxValue(100, "count must be at most 100")) }),
  v.title("EssaySlotsRequest"),
);
const EssayParamsSchema = v.object({
  batch_id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  essay_id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

export interface BatchLifecycleRoutesDeps {
  bos: BosClient;
  /** The BOS upstream; lifecycle calls have their own small client. */
  bosUpstream: Upstream;
  ras: RasClient;
  /** The content service, for the essay texts of an export. */
  contentUpstream: Upstream;
  logger: Logger;
}

/** Batch lifecycle: erasure (and, later, corrections, cancel and retry) for the batch's owner. */
export function registerBatchLifecycleRoutes(app: Hono<GatewayEnv>, deps: BatchLifecycleRoutesDeps): void {
  const { bos, logger } = deps;
  const lifecycle = createBosLifecycleClient(deps.bosUpstream);

  async function ownedEssays(c: Context<GatewayEnv>): Promise<{ batchId: string; essays: EssayResultView[]; results: BatchResultsView }> {
    const batch = await loadOwnedBatch(c, bos);
    const results = ownedBatch(await deps.ras.getBatchResults(batch.batch_id, c.var.correlationId), c.var.user.userId, batch.batch_id);
    return { batchId: batch.batch_id, essays: results.essays, results };
  }

  /** The stored text, or undefined when the content service no longer has it. */
  async function essayText(storageId: string, correlationId: string): Promise<string | undefined> {
    const answer = await deps.contentUpstream.call({ method: "GET", path: `/v1/content/${encodeURIComponent(storageId)}`, correlationId });
    if (answer.status === 200 && typeof answer.body === "string") return answer.body;
    if (answer.status === 404) return undefined;
    throw deps.contentUpstream.failure(answer, correlationId);
  }

  app.get("/v1/batches/:batch_id/files", async (c) => {
    const { batchId, essays } = await ownedEssays(c);
    return c.json({
      batch_id: batchId,
      files: essays.map((e) => ({ essay_id: e.essay_id, file_name: e.file_name, file_upload_id: e.file_upload_id, student_name: e.student_name, has_content: Boolean(e.original_text_storage_id) })),
    });
  });

  app.get("/v1/batches/:batch_id/essays/:essay_id/original", async (c) => {
    const { essay_id } = readParams(c, EssayParamsSchema);
    const { batchId, essays } = await ownedEssays(c);
    const essay = essays.find((e) => e.essay_id === essay_id);
    const text = essay?.original_text_storage_id ? await essayText(essay.original_text_storage_id, c.var.correlationId) : undefined;
    if (!essay || text === undefined) throw new HuleEduError("RESOURCE_NOT_FOUND", `Essay ${essay_id} of batch ${batchId} has no stored text`, { batch_id: batchId, essay_id });
    c.header("Content-Type", "text/plain; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${(essay.file_name ?? essay_id).replace(/["\\\r\n]/g, "_").replace(/\.[^.]*$/, "")}.txt"`);
    return c.body(text);
  });

  app.get("/v1/batches/:batch_id/export", async (c) => {
    const { batchId, essays, results } = await ownedEssays(c);
    const { user, correlationId } = c.var;
    const originals = new Map<string, string>();
    for (const essay of essays) {
      const text = essay.original_text_storage_id ? await essayText(essay.original_text_storage_id, correlationId) : undefined;
      if (text !== undefined) originals.set(essay.essay_id, text);
    }
    const zip = batchExportZip({ ...results, essays }, originals);
    const batch = { batch_id: batchId };
    logger.info("batch exported", { batch_id: batch.batch_id, user_id: user.userId, essays: essays.length, originals: originals.size, bytes: zip.byteLength, correlation_id: correlationId });
    c.header("Content-Type", "application/zip");
    c.header("Content-Disposition", `attachment; filename="batch-${batch.batch_id}.zip"`);
    return c.body(zip as Uint8Array<ArrayBuffer>);
  });

  app.delete("/v1/batches/:batch_id", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { user, correlationId } = c.var;
    const accepted = await lifecycle.requestErasure(batch.batch_id, user.userId, correlationId);
    if (!accepted) ownedBatch(undefined, user.userId, batch.batch_id); // erased meanwhile: 404
    logger.info("batch erasure requested", { batch_id: batch.batch_id, user_id: user.userId, correlation_id: correlationId });
    return c.json(accepted, 202);
  });

  app.post("/v1/batches/:batch_id/essays", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { count } = await readJson(c, EssaySlotsRequestSchema);
    const { user, correlationId } = c.var;
    const added = await lifecycle.addEssaySlots(batch.batch_id, user.userId, count, correlationId);
    if (!added) ownedBatch(undefined, user.userId, batch.batch_id);
    logger.info("essay slots added", { batch_id: batch.batch_id, user_id: user.userId, count, correlation_id: correlationId });
    return c.json(added, 201);
  });

  app.delete("/v1/batches/:batch_id/essays/:essay_id", async (c) => {
    const { essay_id } = readParams(c, EssayParamsSchema);
    const batch = await loadOwnedBatch(c, bos);
    const { user, correlationId } = c.var;
    const removed = await lifecycle.removeEssay(batch.batch_id, essay_id, user.userId, correlationId);
    if (!removed) throw new HuleEduError("RESOURCE_NOT_FOUND", `Essay ${essay_id} not found in batch ${batch.batch_id}`, { batch_id: batch.batch_id, essay_id });
    logger.info("essay removed", { batch_id: batch.batch_id, essay_id, user_id: user.userId, correlation_id: correlationId });
    return c.json(removed);
  });
}
