import type { Hono } from "hono";
import { ClientBatchRegistrationRequestSchema } from "@shared/contracts/batch-registration.ts";
import { readJson, readQuery } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { BosClient } from "../clients/bos-client.ts";
import type { ContentClient } from "../clients/content-client.ts";
import { assertPromptAmendable, ownedBatch } from "../domain/batch-access.ts";
import { toBosRegistration } from "../domain/registration.ts";
import type { PromptOwners } from "../prompts/prompt-owners.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { idempotencyKey } from "./idempotency-key.ts";
import { loadOwnedBatch } from "./owned-batch.ts";
import { requireOwnPromptReferences, requirePromptContent } from "./prompt-content.ts";
import { BatchListQuerySchema, PromptAmendmentRequestSchema } from "./schemas.ts";

export interface BatchRoutesDeps {
  bos: BosClient;
  content: ContentClient;
  owners: PromptOwners;
  logger: Logger;
}

export function registerBatchRoutes(app: Hono<GatewayEnv>, deps: BatchRoutesDeps): void {
  const { bos, content, owners, logger } = deps;

  app.post("/v1/batches/register", async (c) => {
    const request = await readJson(c, ClientBatchRegistrationRequestSchema);
    const { user, correlationId } = c.var;
    // Content existence is BOS's and BCS's concern here (as before); only ownership is the gateway's.
    if (request.student_prompt_ref) await requireOwnPromptReferences(owners, request.student_prompt_ref, "student_prompt_ref", user.userId);
    const registered = await bos.registerBatch(toBosRegistration(request, user), correlationId, idempotencyKey(c));
    logger.info("batch registered", {
      batch_id: registered.batch_id, user_id: user.userId, correlation_id: correlationId,
      expected_essay_count: request.expected_essay_count, prompt_attached: request.student_prompt_ref !== undefined,
    });
    return c.json({ batch_id: registered.batch_id, correlation_id: registered.correlation_id }, 201);
  });

  app.get("/v1/batches", async (c) => {
    const query = readQuery(c, BatchListQuerySchema);
    const { user, correlationId } = c.var;
    const list = await bos.listUserBatches(user.userId, query, correlationId);
    // Only the caller's own batches, whatever BOS returns.
    return c.json({ ...list, batches: list.batches.filter((b) => b.user_id === user.userId) });
  });

  app.get("/v1/batches/:batch_id", async (c) => c.json(await loadOwnedBatch(c, bos)));

  app.patch("/v1/batches/:batch_id/prompt", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { student_prompt_ref } = await readJson(c, PromptAmendmentRequestSchema);
    const { user, correlationId } = c.var;
    assertPromptAmendable(batch.batch_id, batch.status);
    await requirePromptContent({ content, owners }, student_prompt_ref, "student_prompt_ref", user.userId, correlationId);
    const amended = await bos.amendPrompt(batch.batch_id, { student_prompt_ref, user_id: user.userId }, correlationId);
    if (amended === undefined) ownedBatch(undefined, user.userId, batch.batch_id); // deleted meanwhile: 404
    logger.info("batch prompt amended", { batch_id: batch.batch_id, user_id: user.userId, correlation_id: correlationId });
    return c.json({ batch_id: batch.batch_id, student_prompt_ref });
  });
}
