import * as v from "valibot";
import type { Hono } from "hono";
import { PhaseNameSchema, PipelineNameSchema, BatchStatusSchema } from "@shared/contracts/enums.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import { cancelPipeline, renameBatch, retryPhase, type RunControlDeps } from "../handlers/run-control.ts";
import { RunStatusSchema } from "../domain/run-status.ts";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));

/** A batch's display name: trimmed, then 1–200 characters. */
export const BatchNameSchema = v.pipe(
  v.string("name must be a string"), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(200, "name must be at most 200 characters"),
);

export const RunCancelRequestSchema = v.pipe(v.object({ user_id: id("user_id") }), v.title("RunCancelRequest"));
export const PhaseRetryRequestSchema = v.pipe(v.object({ user_id: id("user_id"), phase: PhaseNameSchema }), v.title("PhaseRetryRequest"));
export const BatchRenameRequestSchema = v.pipe(v.object({ user_id: id("user_id"), name: v.nullable(BatchNameSchema) }), v.title("BatchRenameRequest"));

export const RunCancelledSchema = v.pipe(
  v.object({
    batch_id: v.string(), run_id: v.string(), pipeline: PipelineNameSchema, status: RunStatusSchema, batch_status: BatchStatusSchema,
    cancelled_phases: v.array(PhaseNameSchema), skipped_phases: v.array(PhaseNameSchema), completed_phases: v.array(PhaseNameSchema), cancelled_at: v.string(),
  }),
  v.title("RunCancelled"),
);
export const PhaseRetryStartedSchema = v.pipe(
  v.object({ batch_id: v.string(), run_id: v.string(), phase: PhaseNameSchema, retry_of_run_id: v.string(), essay_ids: v.array(v.string()) }),
  v.title("PhaseRetryStarted"),
);

const BatchParams = v.object({ batch_id: id("batch_id") });

/** Run control for the batch's owner: cancel the running pipeline, retry a failed phase, rename. */
export function registerRunControlRoutes(app: Hono<AppEnv>, deps: RunControlDeps): void {
  app.post("/internal/v1/batches/:batch_id/cancel", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id } = await readJson(c, RunCancelRequestSchema);
    return c.json(await cancelPipeline(deps, { batchId: batch_id, userId: user_id, correlationId: c.var.correlationId }), 200);
  });

  app.post("/internal/v1/batches/:batch_id/retry-phase", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id, phase } = await readJson(c, PhaseRetryRequestSchema);
    return c.json(await retryPhase(deps, { batchId: batch_id, userId: user_id, phase, correlationId: c.var.correlationId }), 202);
  });

  app.patch("/internal/v1/batches/:batch_id", async (c) => {
    const { batch_id } = readParams(c, BatchParams);
    const { user_id, name } = await readJson(c, BatchRenameRequestSchema);
    const summary = renameBatch(deps, { batchId: batch_id, userId: user_id, name, correlationId: c.var.correlationId });
    deps.logger.info("batch renamed", { batch_id, user_id, correlation_id: c.var.correlationId });
    return c.json(summary);
  });
}
