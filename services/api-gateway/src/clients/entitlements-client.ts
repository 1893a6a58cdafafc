import type * as v from "valibot";
import { balanceQueryString, CreditBalanceSchema, EntitlementCheckResponseSchema, type CreditBalance, type EntitlementCheckRequestSchema } from "@shared/contracts/events/entitlements.ts";
import type { Upstream } from "./upstream.ts";

/**
 * Entitlements internal API as the gateway uses it: `POST /internal/v1/entitlements/check` and
 * `GET /internal/v1/entitlements/users/{user_id}/balance?org_id=` — the balance of the account that
 * pays for the user (the organisation's when `org_id` is given). The bodies are entitlements' shared
 * contract; the gateway shows its callers only part of the balance (not granted/account).
 */
export function createEntitlementsClient(upstream: Upstream) {
  return {
    /** What `quantity` units of `resource` cost the paying account, and its balance (a look only: nothing is reserved). */
    async check(request: v.InferInput<typeof EntitlementCheckRequestSchema>, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: "/internal/v1/entitlements/check", json: request, correlationId });
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(EntitlementCheckResponseSchema, answer, correlationId);
    },
    async getBalance(userId: string, orgId: string | null, correlationId: string): Promise<CreditBalance> {
      const qs = balanceQueryString(orgId ? { org_id: orgId } : {});
      const answer = await upstream.call({ method: "GET", path: `/internal/v1/entitlements/users/${encodeURIComponent(userId)}/balance${qs}`, correlationId });
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(CreditBalanceSchema, answer, correlationId);
    },
  };
}
export type EntitlementsClient = ReturnType<typeof createEntitlementsClient>;
