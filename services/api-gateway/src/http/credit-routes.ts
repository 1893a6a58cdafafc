import type { Hono } from "hono";
import type { EntitlementsClient } from "../clients/entitlements-client.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/** `GET /v1/credits`: the caller's balance, from the account that pays for them. */
export function registerCreditRoutes(app: Hono<GatewayEnv>, deps: { entitlements: EntitlementsClient }): void {
  const { entitlements } = deps;

  app.get("/v1/credits", async (c) => {
    const { user, correlationId } = c.var;
    const account = await entitlements.getBalance(user.userId, user.orgId, correlationId);
    return c.json({ user_id: user.userId, ...(account.org_id ? { org_id: account.org_id } : {}), balance: account.balance, consumed: account.consumed });
  });
}
