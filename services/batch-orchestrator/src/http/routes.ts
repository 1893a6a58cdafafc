import * as v from "valibot";
import type { Hono } from "hono";
import { BatchNameSchema } from "@shared/contracts/batch-lifecycle.ts";
import { BatchRegistrationRequestV1Schema } from "@shared/contracts/batch-registration.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { PipelineStateResponse } from "@shared/contracts/pipeline-state.ts";
import type { Db } from "@shared/db/database.ts";
import type { UnitOfWork } from "@shared/db/unit-of-work.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams, readQuery } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { findBatch, listBatchesForUser, setStudentPromptRef } from "../db/batch-repository.ts";
import { batchSummary, pipelineState } from "./batch-views.ts";
import { registerBatch } from "./register-batch.ts";
import { BatchIdParamsSchema, BatchListQuerySchema, PromptAmendmentRequestSchema, UserIdParamsSchema } from "./schemas.ts";

export interface BatchRoutesDeps {
  db: Db;
  uow: UnitOfWork;
  logger: Logger;
}

const IdempotencyKeySchema = v.optional(
  v.pipe(v.string(), v.regex(/^[\x21-\x7e]{1,200}$/, "Idempotency-Key must be 1–200 visible ASCII characters")),
);

const RegistrationNameSchema = v.object({ name: v.optional(v.nullable(BatchNameSchema)) });

const notFound = (batchId: string) => new HuleEduError("RESOURCE_NOT_FOUND", `Batch ${batchId} not found`, { batch_id: batchId });

/** BOS's internal API; the gateway does authentication and ownership on top of it. */
export function registerBatchRoutes(app: Hono<AppEnv>, deps: BatchRoutesDeps): void {
  const { db, uow, logger } = deps;

  app.post("/internal/v1/batches/register", async (c) => {
    const request = await readJson(c, BatchRegistrationRequestV1Schema);
    // The display name is BOS's own field beside the shared registration contract (the body is read once and cached).
    const { name } = await readJson(c, RegistrationNameSchema);
    const keyCheck = v.safeParse(IdempotencyKeySchema, c.req.header("Idempotency-Key"));
    if (!keyCheck.success) throw new HuleEduError("VALIDATION_ERROR", keyCheck.issues[0].message, { header: "Idempotency-Key" });
    const result = registerBatch(uow, request, { correlationId: c.var.correlationId, idempotencyKey: keyCheck.output, name: name ?? null });
    logger.info(result.replayed ? "batch registration replayed" : "batch registered", {
      batch_id: result.batch_id, correlation_id: c.var.correlationId, user_id: request.user_id,
      expected_essay_count: request.expected_essay_count, prompt_attached: request.student_prompt_ref !== undefined,
    });
    if (result.replayed) c.header("Idempotent-Replayed", "true");
    return c.json({ batch_id: result.batch_id, correlation_id: result.correlation_id, essay_ids: result.essay_ids }, 201);
  });

  app.get("/internal/v1/batches/:batch_id", (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const batch = findBatch(db, batch_id);
    if (!batch) throw notFound(batch_id);
    return c.json(batchSummary(db, batch));
  });

  app.get("/internal/v1/batches/:batch_id/pipeline-state", (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const batch = findBatch(db, batch_id);
    if (!batch) throw notFound(batch_id);
    const answer: PipelineStateResponse = { batch_id, user_id: batch.userId, pipeline_state: pipelineState(db, batch) };
    return c.json(answer);
  });

  app.get("/internal/v1/users/:user_id/batches", (c) => {
    const { user_id } = readParams(c, UserIdParamsSchema);
    const query = readQuery(c, BatchListQuerySchema);
    const { limit, offset } = query;
    const batches = listBatchesForUser(db, user_id, query).map((b) => batchSummary(db, b));
    return c.json({ user_id, batches, limit, offset });
  });

  app.patch("/internal/v1/batches/:batch_id/prompt", async (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const body = await readJson(c, PromptAmendmentRequestSchema);
    // Check and write in one transaction so a pipeline cannot start in between.
    const summary = uow.run((tx) => {
      const batch = findBatch(tx, batch_id);
      if (!batch || batch.userId !== body.user_id) throw notFound(batch_id);
      if (batch.activeRunId !== null) {
        throw new HuleEduError("CONFLICT", "The prompt cannot change while a pipeline runs on this batch", { batch_id });
      }
      setStudentPromptRef(tx, batch_id, body.student_prompt_ref);
      const updated = findBatch(tx, batch_id);
      if (!updated) throw notFound(batch_id);
      return batchSummary(tx, updated);
    });
    logger.info("student prompt reference amended", { batch_id, correlation_id: c.var.correlationId });
    return c.json(summary);
  });
}
