import type { Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readParams, readQuery } from "@shared/http/validate.ts";
import { countBatchViewsForUser, findBatchView, listBatchViewsForUser } from "../db/batch-repository.ts";
import { BatchIdParamsSchema, BatchListQuerySchema, UserIdParamsSchema, type UserBatchList } from "./schemas.ts";
import { batchResultsView, batchStatusView, userBatchSummary } from "./views.ts";

const notFound = (batchId: string) => new HuleEduError("RESOURCE_NOT_FOUND", `No results view for batch ${batchId}`, { batch_id: batchId });

/** RAS's internal read API; the gateway checks ownership on the `user_id` every answer carries. */
export function registerResultRoutes(app: Hono<AppEnv>, deps: { db: Db }): void {
  const { db } = deps;

  app.get("/internal/v1/batches/:batch_id/status", (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const batch = findBatchView(db, batch_id);
    if (!batch) throw notFound(batch_id);
    return c.json(batchStatusView(db, batch));
  });

  app.get("/internal/v1/batches/:batch_id/results", (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    const batch = findBatchView(db, batch_id);
    if (!batch) throw notFound(batch_id);
    return c.json(batchResultsView(db, batch));
  });

  app.get("/internal/v1/users/:user_id/batches", (c) => {
    const { user_id } = readParams(c, UserIdParamsSchema);
    const { limit, offset } = readQuery(c, BatchListQuerySchema);
    const body: UserBatchList = {
      user_id, batches: listBatchViewsForUser(db, user_id, limit, offset).map((b) => userBatchSummary(db, b)),
      total: countBatchViewsForUser(db, user_id), limit, offset,
    };
    return c.json(body);
  });
}
