import * as v from "valibot";
import type { Hono } from "hono";
import { BatchRenameRequestSchema, PhaseRetryRequestSchema, RunCancelRequestSchema, type PhaseRetryStarted, type RunCancelled } from "@shared/contracts/batch-lifecycle.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import { cancelPipeline, renameBatch, retryPhase, type RunControlDeps } from "../handlers/run-control.ts";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));

const BatchParams = v.object({ batch_id: id("batch_id") });

/** Run control for the batch's owner: cancel the running pipeline, retry a failed phase, rename. */
export function registerRunControlRoutes(app: Hono<AppEnv>, deps: RunControlDeps): void {
  app.post("/internal/v1/batches/:batch_id/cancel", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id } = await readJson(c, RunCancelRequestSchema);
    const cancelled: RunCancelled = await cancelPipeline(deps, { batchId: batch_id, userId: user_id, correlationId: c.var.correlationId });
    return c.json(cancelled, 200);
  });

  app.post("/internal/v1/batches/:batch_id/retry-phase", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id, phase } = await readJson(c, PhaseRetryRequestSchema);
    const started: PhaseRetryStarted = await retryPhase(deps, { batchId: batch_id, userId: user_id, phase, correlationId: c.var.correlationId });
    return c.json(started, 202);
  });

  app.patch("/internal/v1/batches/:batch_id", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id, name } = await readJson(c, BatchRenameRequestSchema);
    const summary = renameBatch(deps, { batchId: batch_id, userId: user_id, name, correlationId: c.var.correlationId });
    deps.logger.info("batch renamed", { batch_id, user_id, correlation_id: c.var.correlationId });
    return c.json(summary);
  });
}
