import type { Hono } from "hono";
import * as v from "valibot";
import { InternalCreditAdjustmentSchema, LedgerQuerySchema } from "@shared/contracts/credits-admin.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readJson, readParams, readQuery } from "@shared/http/validate.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { EntitlementsStore } from "../db/store.ts";
import { AccountKind } from "../domain/credit-policy.ts";
import { BalanceQuerySchema, UserIdParamsSchema } from "./schemas.ts";

/** Admin adjustments (the gateway checks the admin role) and a user's paged usage ledger. */
export function registerCreditAdminRoutes(app: Hono<AppEnv>, deps: { store: EntitlementsStore; logger: Logger }): void {
  const { store, logger } = deps;

  app.post("/internal/v1/entitlements/adjustments", async (c) => {
    const body = await readJson(c, InternalCreditAdjustmentSchema);
    const ref = { kind: body.account === "org" ? AccountKind.ORG : AccountKind.USER, id: body.account_id };
    const entry = await store.adjust(ref, { kind: body.kind, credits: body.credits, reason: body.reason, actorUserId: body.actor_user_id });
    logger.info("credits adjusted by an admin", {
      correlation_id: c.var.correlationId, account_kind: ref.kind, account_id: ref.id, kind: body.kind, credits: body.credits, actor_user_id: body.actor_user_id, balance: entry.balance_after,
    });
    return c.json({ entry, balance: entry.balance_after }, 201);
  });

  app.get("/internal/v1/entitlements/users/:user_id/ledger", async (c) => {
    const { user_id } = readParams(c, UserIdParamsSchema);
    const query = readQuery(c, v.object({ ...BalanceQuerySchema.entries, ...LedgerQuerySchema.entries }));
    const page = await store.ledger(user_id, query.org_id, query.limit, query.offset);
    return c.json({ account: page.account.kind, account_id: page.account.id, total: page.total, limit: query.limit, offset: query.offset, entries: page.entries });
  });
}
