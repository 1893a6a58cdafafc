import type { Hono } from "hono";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import { createBosLifecycleClient } from "../clients/bos-lifecycle-client.ts";
import type { Upstream } from "../clients/upstream.ts";
import { ownedBatch } from "../domain/batch-access.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { loadOwnedBatch } from "./owned-batch.ts";

export interface BatchLifecycleRoutesDeps {
  bos: BosClient;
  /** The BOS upstream; lifecycle calls have their own small client. */
  bosUpstream: Upstream;
  logger: Logger;
}

/** Batch lifecycle: erasure (and, later, corrections, cancel and retry) for the batch's owner. */
export function registerBatchLifecycleRoutes(app: Hono<GatewayEnv>, deps: BatchLifecycleRoutesDeps): void {
  const { bos, logger } = deps;
  const lifecycle = createBosLifecycleClient(deps.bosUpstream);

  app.delete("/v1/batches/:batch_id", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { user, correlationId } = c.var;
    const accepted = await lifecycle.requestErasure(batch.batch_id, user.userId, correlationId);
    if (!accepted) ownedBatch(undefined, user.userId, batch.batch_id); // erased meanwhile: 404
    logger.info("batch erasure requested", { batch_id: batch.batch_id, user_id: user.userId, correlation_id: correlationId });
    return c.json(accepted, 202);
  });
}
