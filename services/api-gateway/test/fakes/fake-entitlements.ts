import { Hono } from "hono";
import type { CreditBalance } from "@shared/contracts/events/entitlements.ts";
import { startFakeUpstream } from "./fake-upstream.ts";

export interface FakeAccount {
  granted: number;
  consumed: number;
}

/**
 * Entitlements' balance route: the organisation's account pays when `org_id` is given, else the
 * user's own; unknown accounts start with `initialGrant` credits.
 */
export function startFakeEntitlements(internalApiKey: string, initialGrant = 100) {
  const accounts = new Map<string, FakeAccount>();
  const account = (key: string) => {
    if (!accounts.has(key)) accounts.set(key, { granted: initialGrant, consumed: 0 });
    return accounts.get(key)!;
  };
  const app = new Hono();
  app.get("/internal/v1/entitlements/users/:user_id/balance", (c) => {
    const userId = c.req.param("user_id");
    const orgId = c.req.query("org_id") ?? null;
    const { granted, consumed } = account(orgId ? `org:${orgId}` : `user:${userId}`);
    const body: CreditBalance = { user_id: userId, org_id: orgId, account: orgId ? "org" : "user", granted, consumed, balance: granted - consumed };
    return c.json(body);
  });
  return {
    ...startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" }),
    /** Set an account's usage: `org:<id>` or `user:<id>`. */
    setAccount(key: string, value: FakeAccount) {
      accounts.set(key, value);
    },
  };
}
export type FakeEntitlements = ReturnType<typeof startFakeEntitlements>;
