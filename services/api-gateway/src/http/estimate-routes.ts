import type { Hono } from "hono";
import * as v from "valibot";
import { readJson } from "@shared/http/validate.ts";
import type { BosClient } from "../clients/bos-client.ts";
import type { EntitlementsClient } from "../clients/entitlements-client.ts";
import { pipelineCreditNeeds } from "../domain/credit-estimate.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { loadOwnedBatch } from "./owned-batch.ts";
import { PipelineEstimateRequestSchema } from "./schemas.ts";

// What the estimate reads from BOS's summary (passed through loosely by the BOS client).
const EstimateInputsSchema = v.looseObject({
  counts: v.optional(v.looseObject({ provisioned: v.number(), failed: v.optional(v.number()) })),
  cj_settings: v.nullish(v.looseObject({ total_budget: v.optional(v.number()) })),
});

/**
 * `POST /v1/batches/{batch_id}/pipelines/estimate`: the credits a pipeline would cost on this batch,
 * priced by entitlements for the paying account, before the teacher confirms.
 */
export function registerEstimateRoutes(app: Hono<GatewayEnv>, deps: { bos: BosClient; entitlements: EntitlementsClient; comparisonsPerItem: number }): void {
  const { bos, entitlements, comparisonsPerItem } = deps;
  app.post("/v1/batches/:batch_id/pipelines/estimate", async (c) => {
    const batch = await loadOwnedBatch(c, bos);
    const { requested_pipeline } = await readJson(c, PipelineEstimateRequestSchema);
    const { user, correlationId } = c.var;
    const inputs = v.safeParse(EstimateInputsSchema, batch);
    const essays = inputs.success ? inputs.output.counts?.provisioned ?? 0 : 0;
    const budget = inputs.success ? inputs.output.cj_settings?.total_budget : undefined;
    const needs = pipelineCreditNeeds(requested_pipeline, essays, budget, comparisonsPerItem);
    const priced = await Promise.all(needs.map(async (need) => {
      const answer = await entitlements.check({ user_id: user.userId, org_id: user.orgId, resource: need.resource, quantity: need.quantity }, correlationId);
      return { ...need, credits: answer.required, balance: answer.balance };
    }));
    const balance = priced.length ? Math.min(...priced.map((p) => p.balance)) : (await entitlements.getBalance(user.userId, user.orgId, correlationId)).balance;
    const credits = priced.reduce((sum, p) => sum + p.credits, 0);
    return c.json({
      batch_id: batch.batch_id, requested_pipeline, essays, credits, balance, enough: balance >= credits,
      needs: priced.map(({ resource, quantity, credits: cost }) => ({ resource, quantity, credits: cost })),
    });
  });
}
