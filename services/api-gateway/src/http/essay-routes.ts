import type { Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { readParams } from "@shared/http/validate.ts";
import type { ContentClient } from "../clients/content-client.ts";
import type { RasClient } from "../clients/ras-client.ts";
import { ownedBatch } from "../domain/batch-access.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { EssayParamsSchema } from "./schemas.ts";

/**
 * `GET /v1/batches/{batch_id}/essays/{essay_id}`: one essay's result with its original text (the
 * spelling corrections' offsets point into it) and the full feedback text, for the essay page.
 */
export function registerEssayRoutes(app: Hono<GatewayEnv>, deps: { ras: RasClient; content: ContentClient }): void {
  const { ras, content } = deps;
  app.get("/v1/batches/:batch_id/essays/:essay_id", async (c) => {
    const { batch_id, essay_id } = readParams(c, EssayParamsSchema);
    const { user, correlationId } = c.var;
    const view = ownedBatch(await ras.getBatchResults(batch_id, correlationId), user.userId, batch_id);
    const raw = view.essays.find((e) => e.essay_id === essay_id);
    if (!raw) throw new HuleEduError("RESOURCE_NOT_FOUND", `Essay ${essay_id} not found in batch ${batch_id}`, { batch_id, essay_id });
    const textId = raw.original_text_storage_id;
    const feedbackId = raw.ai_feedback?.feedback_storage_id;
    // Storage ids come from the owner's own results, so only the owner's texts can be read here.
    const [text, feedbackText] = await Promise.all([
      textId ? content.fetchText(textId, correlationId) : undefined,
      feedbackId ? content.fetchText(feedbackId, correlationId) : undefined,
    ]);
    return c.json({ batch_id, essay: raw, text: text ?? null, feedback_text: feedbackText ?? null });
  });
}
