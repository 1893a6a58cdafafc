import * as v from "valibot";
import type { Upstream } from "./upstream.ts";

/** The entitlements balance answer; granted/account are not shown to the caller. */
export const EntitlementsBalanceSchema = v.looseObject({
  user_id: v.string(),
  org_id: v.nullish(v.string()),
  balance: v.number(),
  consumed: v.number(),
});
export type EntitlementsBalance = v.InferOutput<typeof EntitlementsBalanceSchema>;

/**
 * Entitlements internal API: `GET /internal/v1/entitlements/users/{user_id}/balance?org_id=` —
 * the balance of the account that pays for the user (the organisation's when `org_id` is given).
 */
const CheckAnswerSchema = v.looseObject({ allowed: v.boolean(), balance: v.number(), required: v.number() });

export function createEntitlementsClient(upstream: Upstream) {
  return {
    /** What `quantity` units of `resource` cost the paying account, and its balance (a look only: nothing is reserved). */
    async check(request: { user_id: string; org_id: string | null; resource: "cj_comparison" | "ai_feedback"; quantity: number }, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: "/internal/v1/entitlements/check", json: request, correlationId });
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(CheckAnswerSchema, answer, correlationId);
    },
    async getBalance(userId: string, orgId: string | null, correlationId: string): Promise<EntitlementsBalance> {
      const qs = orgId ? `?${new URLSearchParams({ org_id: orgId })}` : "";
      const answer = await upstream.call({ method: "GET", path: `/internal/v1/entitlements/users/${encodeURIComponent(userId)}/balance${qs}`, correlationId });
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(EntitlementsBalanceSchema, answer, correlationId);
    },
  };
}
export type EntitlementsClient = ReturnType<typeof createEntitlementsClient>;
