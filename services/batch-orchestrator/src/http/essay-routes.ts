import * as v from "valibot";
import type { Hono } from "hono";
import { EssayRemovalRequestSchema, EssaySlotsRequestSchema, type EssayRemoved, type EssaySlotsAdded } from "@shared/contracts/batch-lifecycle.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { addEssaySlots, removeEssay, type EssayChangeDeps } from "../handlers/essay-changes.ts";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));

const BatchParams = v.object({ batch_id: id("batch_id") });
const EssayParams = v.object({ batch_id: id("batch_id"), essay_id: id("essay_id") });

/** Fixing mistakes: add empty slots to a batch, remove one essay (owner; not while a pipeline runs). */
export function registerEssayRoutes(app: Hono<AppEnv>, deps: EssayChangeDeps & { logger: Logger }): void {
  app.post("/internal/v1/batches/:batch_id/essays", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id, count } = await readJson(c, EssaySlotsRequestSchema);
    const added: EssaySlotsAdded = await addEssaySlots(deps, { batchId: batch_id, userId: user_id, count, correlationId: c.var.correlationId });
    deps.logger.info("essay slots added", { batch_id, count, expected_essay_count: added.expected_essay_count, correlation_id: c.var.correlationId });
    return c.json(added, 201);
  });

  app.post("/internal/v1/batches/:batch_id/essays/:essay_id/removal", async (c) => {
    const { batch_id, essay_id } = readParams(c, EssayParams);
    const { user_id } = await readJson(c, EssayRemovalRequestSchema);
    const removed: EssayRemoved = await removeEssay(deps, { batchId: batch_id, userId: user_id, essayId: essay_id, correlationId: c.var.correlationId });
    deps.logger.info("essay removed", { batch_id, essay_id, expected_essay_count: removed.expected_essay_count, correlation_id: c.var.correlationId });
    return c.json(removed, 200);
  });
}
