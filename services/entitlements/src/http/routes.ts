import type { Hono } from "hono";
import { EntitlementCheckRequestSchema, type CreditBalance, type EntitlementCheckResponseSchema } from "@shared/contracts/events/entitlements.ts";
import type { Db } from "@shared/db/database.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams, readQuery } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type * as v from "valibot";
import { ensureAccount, knownOrganisation, peekAccount, resolvePayer } from "../db/account-repository.ts";
import { AccountKind, creditsFor, decideCheck, payingAccount, type CreditPolicy } from "../domain/credit-policy.ts";
import { BalanceQuerySchema, UserIdParamsSchema } from "./schemas.ts";

export interface EntitlementRoutesDeps {
  db: Db;
  policy: CreditPolicy;
  logger: Logger;
  metrics: ServiceMetrics;
}

/** The internal API: BOS checks before spending; the gateway reads balances for their owners. */
export function registerEntitlementRoutes(app: Hono<AppEnv>, deps: EntitlementRoutesDeps): void {
  const { db, policy, logger } = deps;
  const checks = deps.metrics.counter("entitlement_checks_total", "Entitlement checks by resource and outcome", ["resource", "outcome"]);

  app.post("/internal/v1/entitlements/check", async (c) => {
    const request = await readJson(c, EntitlementCheckRequestSchema);
    const required = creditsFor(policy, request.resource, request.quantity);
    // First sight creates the account with its grant, so the answer and later deductions agree.
    const account = db.transaction((tx) => ensureAccount(tx, resolvePayer(tx, request.user_id, request.org_id), policy), { behavior: "immediate" });
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

  app.get("/internal/v1/entitlements/users/:user_id/balance", (c) => {
    const { user_id } = readParams(c, UserIdParamsSchema);
    const { org_id } = readQuery(c, BalanceQuerySchema);
    const payer = payingAccount(user_id, org_id, org_id ? null : knownOrganisation(db, user_id));
    const account = peekAccount(db, payer, policy);
    const body: CreditBalance = {
      user_id, org_id: account.kind === AccountKind.ORG ? account.id : null, account: account.kind,
      granted: account.granted, consumed: account.consumed, balance: account.balance,
    };
    return c.json(body);
  });
}
