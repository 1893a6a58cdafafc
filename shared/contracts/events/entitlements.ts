import * as v from "valibot";
import { defineTopic } from "../topics.ts";

export const ConsumableResourceSchema = v.picklist(["cj_comparison", "ai_feedback"]);

/** cj-assessment / ai-feedback → entitlements: credits to deduct, applied once per event. */
export const ResourceConsumptionTopic = defineTopic(
  "huleedu.entitlements.resource.consumed.v1",
  v.object({
    user_id: v.string(),
    org_id: v.nullish(v.string()),
    batch_id: v.string(),
    resource: ConsumableResourceSchema,
    quantity: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
);

/** BOS → entitlements over HTTP before a pipeline that spends LLM calls. */
export const EntitlementCheckRequestSchema = v.pipe(
  v.object({
    user_id: v.string(),
    org_id: v.nullish(v.string()),
    resource: ConsumableResourceSchema,
    quantity: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.title("EntitlementCheckRequest"),
);
export const EntitlementCheckResponseSchema = v.pipe(
  v.object({ allowed: v.boolean(), balance: v.number(), required: v.number(), reason: v.nullish(v.string()) }),
  v.title("EntitlementCheckResponse"),
);

const idField = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is longer than 200 characters`));

/** The query of `GET /internal/v1/entitlements/users/{user_id}/balance` (and of the ledger): entitlements reads it, the gateway builds it. */
export const BalanceQuerySchema = v.object({
  /** The organisation the caller acts for; without it the user's last known organisation (if any) is used. */
  org_id: v.optional(idField("org_id")),
});
export type BalanceQuery = v.InferOutput<typeof BalanceQuerySchema>;

/** The query string of a balance query, validated as entitlements will read it ("" without an organisation). */
export function balanceQueryString(query: BalanceQuery): string {
  const valid = v.parse(BalanceQuerySchema, query);
  return valid.org_id ? `?${new URLSearchParams({ org_id: valid.org_id })}` : "";
}

/**
 * Entitlements → gateway: `GET /internal/v1/entitlements/users/{user_id}/balance`, the account that
 * pays for the user and its credits.
 */
export const CreditBalanceSchema = v.pipe(
  v.object({
    user_id: v.string(),
    /** Set when an organisation's account pays for this user; null when the user's own account does. */
    org_id: v.nullable(v.string()),
    account: v.picklist(["user", "org"]),
    granted: v.number(),
    consumed: v.number(),
    /** granted − consumed; may be negative when usage outran a check. */
    balance: v.number(),
  }),
  v.title("CreditBalance"),
);
export type CreditBalance = v.InferOutput<typeof CreditBalanceSchema>;
