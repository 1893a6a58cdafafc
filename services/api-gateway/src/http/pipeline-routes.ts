import type { Hono } from "hono";
import { ClientBatchPipelineRequestTopic } from "@shared/contracts/events/batch.ts";
import type { EventRuntime } from "@shared/runtime/event-runtime.ts";
import { readJson, readParams } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import type { ContentClient } from "../clients/content-client.ts";
import type { RasClient } from "../clients/ras-client.ts";
import { assertPipelineRequestAllowed, ownedBatch } from "../domain/batch-access.ts";
import type { PromptOwners } from "../prompts/prompt-owners.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { loadOwnedBatch } from "./owned-batch.ts";
import { requirePromptContent } from "./prompt-content.ts";
import { BatchIdParamsSchema, PipelineRequestSchema } from "./schemas.ts";

export interface PipelineRoutesDeps {
  bos: BosClient;
  ras: RasClient;
  content: ContentClient;
  owners: PromptOwners;
  publish: EventRuntime["publish"];
  logger: Logger;
}

export function registerPipelineRoutes(app: Hono<GatewayEnv>, deps: PipelineRoutesDeps): void {
  const { bos, ras, content, owners, publish, logger } = deps;

  app.post("/v1/batches/:batch_id/pipelines", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const request = await readJson(c, PipelineRequestSchema);
    const { user, correlationId } = c.var;
    assertPipelineRequestAllowed(batch.batch_id, batch.status, batch.pipeline_admission);
    const promptRef = request.prompt_payload?.cms_prompt_ref;
    if (promptRef) await requirePromptContent({ content, owners }, promptRef, "prompt_payload.cms_prompt_ref", user.userId, correlationId);
    await publish(ClientBatchPipelineRequestTopic, {
      data: { batch_id: batch.batch_id, requested_pipeline: request.requested_pipeline, user_id: user.userId, prompt_payload: request.prompt_payload ?? null },
      correlationId,
      metadata: { user_id: user.userId, batch_id: batch.batch_id },
    });
    logger.info("pipeline requested", {
      batch_id: batch.batch_id, user_id: user.userId, correlation_id: correlationId, requested_pipeline: request.requested_pipeline,
      prompt_payload: request.prompt_payload ? Object.keys(request.prompt_payload) : [],
    });
    return c.json({ correlation_id: correlationId, batch_id: batch.batch_id }, 202);
  });

  app.get("/v1/batches/:batch_id/status", async (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    return c.json(ownedBatch(await ras.getBatchView(batch_id, c.var.correlationId), c.var.user.userId, batch_id));
  });

  app.get("/v1/batches/:batch_id/results", async (c) => {
    const { batch_id } = readParams(c, BatchIdParamsSchema);
    return c.json(ownedBatch(await ras.getBatchResults(batch_id, c.var.correlationId), c.var.user.userId, batch_id));
  });
}
