import type { Context } from "hono";
import { readParams } from "@shared/http/validate.ts";
import type { BosBatchSummary, BosClient } from "../clients/bos-client.ts";
import { ownedBatch } from "../domain/batch-access.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { BatchIdParamsSchema } from "./schemas.ts";

/** The `:batch_id` of the route, as BOS knows it, if the caller owns it (404 otherwise). */
export async function loadOwnedBatch(c: Context<GatewayEnv>, bos: BosClient): Promise<BosBatchSummary> {
  const { batch_id } = readParams(c, BatchIdParamsSchema);
  const batch = await bos.getBatch(batch_id, c.var.correlationId);
  return ownedBatch(batch, c.var.user.userId, batch_id);
}
