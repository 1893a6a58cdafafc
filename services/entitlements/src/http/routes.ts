import type { Hono } from "hono";
import { EntitlementCheckRequestSchema, type CreditBalance, type EntitlementCheckResponseSchema } from "@shared/contracts/events/entitlements.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams, readQuery } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type * as v from "valibot";
import type { EntitlementsStore } from "../db/store.ts";
import { AccountKind, creditsFor, decideCheck, type CreditPolicy } from "../domain/credit-policy.ts";
import { BalanceQuerySchema, UserIdParamsSchema } from "./schemas.ts";

export interface EntitlementRoutesDeps {
  store: EntitlementsStore;
  policy: CreditPolicy;
  logger: Logger;
  metrics: ServiceMetrics;
}

/** The internal API: BOS checks before spending; the gateway reads balances for their owners. */
export function registerEntitlementRoutes(app: Hono<AppEnv>, deps: EntitlementRoutesDeps): void {
  const { store, policy, logger } = deps;
  const checks = deps.metrics.counter("entitlement_checks_total", "Entitlement checks by resource and outcome", ["resource", "outcome"]);

  app.post("/internal/v1/entitlements/check", async (c) => {
    const request = await readJson(c, EntitlementCheckRequestSchema);
    const required = creditsFor(policy, request.resource, request.quantity);
    // First sight creates the account with its grant, so the answer and later deductions agree.
    const account = await store.ensurePayer(request.user_id, request.org_id);
    const decision = decideCheck(account.balance, required);
    checks.inc({ resource: request.resource, outcome: decision.allowed ? "allowed" : "denied" });
    logger.info(decision.allowed ? "entitlement check allowed" : "entitlement check denied", {
      correlation_id: c.var.correlationId, user_id: request.user_id, org_id: request.org_id ?? null,
      account_kind: account.kind, account_id: account.id, resource: request.resource, quantity: request.quantity,
      required, balance: account.balance,
    });
    const body: v.InferOutput<typeof EntitlementCheckResponseSchema> = decision;
    return c.json(body);
  });

  app.get("/internal/v1/entitlements/users/:user_id/balance", async (c) => {
    const { user_id } = readParams(c, UserIdParamsSchema);
    const { org_id } = readQuery(c, BalanceQuerySchema);
    const account = await store.peekPayer(user_id, org_id);
    const body: CreditBalance = {
      user_id, org_id: account.kind === AccountKind.ORG ? account.id : null, account: account.kind,
      granted: account.granted, consumed: account.consumed, balance: account.balance,
    };
    return c.json(body);
  });
}
