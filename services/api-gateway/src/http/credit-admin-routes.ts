import type { Hono } from "hono";
import { CreditAdjustmentRequestSchema, LedgerQuerySchema } from "@shared/contracts/credits-admin.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { readJson, readQuery } from "@shared/http/validate.ts";
import type { Upstream } from "../clients/upstream.ts";
import type { GatewayEnv } from "./gateway-env.ts";

/**
 * `GET /v1/credits/ledger` (the caller's paying account, paged) and `POST /v1/admin/credits/adjustments`
 * (admins only: the `admin` role in the access token, granted with `./huleedu admin grant-role EMAIL`).
 */
export function registerCreditAdminRoutes(app: Hono<GatewayEnv>, deps: { entitlements: Upstream }): void {
  const { entitlements } = deps;

  app.get("/v1/credits/ledger", async (c) => {
    const { user, correlationId } = c.var;
    const { limit, offset } = readQuery(c, LedgerQuerySchema);
    const qs = new URLSearchParams({ limit: String(limit), offset: String(offset), ...(user.orgId ? { org_id: user.orgId } : {}) });
    const answer = await entitlements.call({ method: "GET", path: `/internal/v1/entitlements/users/${encodeURIComponent(user.userId)}/ledger?${qs}`, correlationId });
    if (answer.status !== 200) throw entitlements.failure(answer, correlationId);
    return c.json(answer.body as object);
  });

  app.post("/v1/admin/credits/adjustments", async (c) => {
    const { user, correlationId } = c.var;
    if (!user.roles?.includes("admin")) throw new HuleEduError("AUTHORIZATION_ERROR", "Only an admin may change credits", { reason: "admin_role_required" });
    const body = await readJson(c, CreditAdjustmentRequestSchema);
    const answer = await entitlements.call({ method: "POST", path: "/internal/v1/entitlements/adjustments", json: { ...body, actor_user_id: user.userId }, correlationId });
    if (answer.status !== 201) throw entitlements.failure(answer, correlationId);
    return c.json(answer.body as object, 201);
  });
}
