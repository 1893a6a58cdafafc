import * as v from "valibot";
import type { Hono } from "hono";
import {
  BatchNameSchema, PhaseRetryStartedSchema, RunCancelledSchema, type BatchRenameRequest, type PhaseRetryRequest, type RunCancelRequest,
} from "@shared/contracts/batch-lifecycle.ts";
import { BatchSummarySchema } from "@shared/contracts/bos-batches.ts";
import { PhaseNameSchema } from "@shared/contracts/enums.ts";
import { ErrorDetailSchema, HuleEduError } from "@shared/contracts/errors.ts";
import type { RouteDoc } from "@shared/http/openapi.ts";
import { readJson } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import type { Upstream, UpstreamAnswer } from "../clients/upstream.ts";
import { ownedBatch } from "../domain/batch-access.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { loadOwnedBatch } from "./owned-batch.ts";

export const PhaseRetryBodySchema = v.pipe(v.strictObject({ phase: PhaseNameSchema }), v.title("PhaseRetryRequest"));
export const BatchRenameBodySchema = v.pipe(v.strictObject({ name: v.nullable(BatchNameSchema) }), v.title("BatchRenameRequest"));

export interface BatchRunControlDeps {
  bos: BosClient;
  bosUpstream: Upstream;
  logger: Logger;
}

/** BOS's own 404 (gone meanwhile) and 402 (credits) are the owner's answers too; other failures are the kit's. */
function passOn(upstream: Upstream, answer: UpstreamAnswer, correlationId: string, userId: string, batchId: string): never {
  if (answer.status === 404) ownedBatch(undefined, userId, batchId);
  const detail = v.safeParse(ErrorDetailSchema, answer.body);
  if (answer.status === 402 && detail.success) throw new HuleEduError(detail.output.error_code, detail.output.message, detail.output.details);
  throw upstream.failure(answer, correlationId);
}

/**
 * Run control for the batch's owner: `POST /v1/batches/{id}/cancel`, `POST /v1/batches/{id}/retry-phase`
 * and `PATCH /v1/batches/{id}` (rename). Someone else's batch is the same 404 as a missing one.
 */
export function registerBatchRunControlRoutes(app: Hono<GatewayEnv>, deps: BatchRunControlDeps): void {
  const { bos, bosUpstream: upstream, logger } = deps;
  const path = (batchId: string, tail: string) => `/internal/v1/batches/${encodeURIComponent(batchId)}${tail}`;

  app.post("/v1/batches/:batch_id/cancel", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { user, correlationId } = c.var;
    const answer = await upstream.call({ method: "POST", path: path(batch.batch_id, "/cancel"), json: { user_id: user.userId } satisfies RunCancelRequest, correlationId });
    if (answer.status !== 200) passOn(upstream, answer, correlationId, user.userId, batch.batch_id);
    const cancelled = upstream.parse(RunCancelledSchema, answer, correlationId);
    logger.info("pipeline cancelled", { batch_id: batch.batch_id, user_id: user.userId, run_id: cancelled.run_id, correlation_id: correlationId });
    return c.json(cancelled);
  });

  app.post("/v1/batches/:batch_id/retry-phase", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { phase } = await readJson(c, PhaseRetryBodySchema);
    const { user, correlationId } = c.var;
    const answer = await upstream.call({ method: "POST", path: path(batch.batch_id, "/retry-phase"), json: { user_id: user.userId, phase } satisfies PhaseRetryRequest, correlationId });
    if (answer.status !== 202) passOn(upstream, answer, correlationId, user.userId, batch.batch_id);
    const started = upstream.parse(PhaseRetryStartedSchema, answer, correlationId);
    logger.info("phase retry requested", { batch_id: batch.batch_id, user_id: user.userId, phase, essays: started.essay_ids.length, correlation_id: correlationId });
    return c.json(started, 202);
  });

  app.patch("/v1/batches/:batch_id", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { name } = await readJson(c, BatchRenameBodySchema);
    const { user, correlationId } = c.var;
    const answer = await upstream.call({ method: "PATCH", path: path(batch.batch_id, ""), json: { user_id: user.userId, name } satisfies BatchRenameRequest, correlationId });
    if (answer.status !== 200) passOn(upstream, answer, correlationId, user.userId, batch.batch_id);
    const renamed = upstream.parse(BatchSummarySchema, answer, correlationId);
    logger.info("batch renamed", { batch_id: batch.batch_id, user_id: user.userId, correlation_id: correlationId });
    return c.json(ownedBatch(renamed, user.userId, batch.batch_id));
  });
}

const error = (description: string) => ({ description, schema: ErrorDetailSchema });
const batchParam = { batch_id: "The batch id returned at registration" };
const notFound = error("RESOURCE_NOT_FOUND: no such batch for this user (someone else's batch answers the same)");

/** The run-control routes, spliced into the gateway's document. */
export const batchRunControlRouteDocs: RouteDoc[] = [
  {
    method: "post", path: "/v1/batches/{batch_id}/cancel", operationId: "cancelPipeline", tags: ["pipelines"], security: "bearer", params: batchParam,
    summary: "Cancel the running pipeline: in-flight phase work is abandoned (late results are ignored, unperformed work is not charged), the run ends CANCELLED and the batch is ready for a pipeline again. The socket receives batch_status_changed (data.reason pipeline_cancelled) and phase_completed (data.status CANCELLED).",
    responses: {
      200: { description: "Cancelled", schema: RunCancelledSchema }, 404: notFound,
      409: error("CONFLICT (details.reason no_pipeline_running): nothing runs on the batch"),
    },
  },
  {
    method: "post", path: "/v1/batches/{batch_id}/retry-phase", operationId: "retryPhase", tags: ["pipelines"], security: "bearer", params: batchParam,
    summary: "Re-run one phase (spellcheck, nlp or ai_feedback) for the essays that failed it in the batch's latest run, as a new one-phase run; only those essays' new work is charged.",
    body: { schema: PhaseRetryBodySchema },
    responses: {
      202: { description: "Retry started", schema: PhaseRetryStartedSchema }, 404: notFound,
      400: error("VALIDATION_ERROR: phase missing or unknown"),
      402: error("INSUFFICIENT_CREDITS for the retried essays"),
      409: error("CONFLICT (details.reason pipeline_in_progress, no_runs, no_failed_essays, or phase_not_retryable for cj_assessment)"),
    },
  },
  {
    method: "patch", path: "/v1/batches/{batch_id}", operationId: "renameBatch", tags: ["batches"], security: "bearer", params: batchParam,
    summary: "Give the batch a display name (trimmed, 1–200 characters; null clears it). GET /v1/batches/{id} and the status view show it.",
    body: { schema: BatchRenameBodySchema },
    responses: { 200: { description: "The renamed batch (BOS's summary)", schema: BatchSummarySchema }, 400: error("VALIDATION_ERROR: name empty, too long or not a string"), 404: notFound },
  },
];
