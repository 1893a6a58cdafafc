import type { Hono } from "hono";
import { BatchErasureRequestSchema, type BatchErasureAccepted } from "@shared/contracts/batch-lifecycle.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { startBatchErasure, type ErasureDeps } from "../handlers/batch-erasure.ts";
import { BatchIdParamsSchema } from "./schemas.ts";

/** `POST /internal/v1/batches/{id}/erasure`: the owner (checked here too) erases a batch that is not running. */
export function registerErasureRoutes(app: Hono<AppEnv>, deps: Pick<ErasureDeps, "uow" | "sqlite" | "participants"> & { logger: Logger }): void {
  app.post("/internal/v1/batches/:batch_id/erasure", async (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const { user_id } = await readJson(c, BatchErasureRequestSchema);
    const accepted: BatchErasureAccepted = startBatchErasure(deps, { batchId: batch_id, userId: user_id, reason: "owner_request", correlationId: c.var.correlationId });
    deps.logger.info("batch erasure requested", { batch_id, user_id, correlation_id: c.var.correlationId, participants: accepted.participants });
    return c.json(accepted, 202);
  });
}
