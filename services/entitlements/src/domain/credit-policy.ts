import type * as v from "valibot";
import type { ConsumableResourceSchema } from "@shared/contracts/events/entitlements.ts";

export type ConsumableResource = v.InferOutput<typeof ConsumableResourceSchema>;

export const AccountKind = { USER: "user", ORG: "org" } as const;
export type AccountKind = (typeof AccountKind)[keyof typeof AccountKind];

/** The account credits are drawn from. */
export interface AccountRef {
  kind: AccountKind;
  id: string;
}

export interface CreditPolicy {
  costs: Record<ConsumableResource, number>;
  initialGrant: Record<AccountKind, number>;
}

/**
 * Who pays: the organisation when one is named (or, failing that, the organisation the user was
 * last seen with), otherwise the user. One rule for checks, consumption and balance reads, so a
 * check and the consumption it authorised always hit the same account.
 */
export function payingAccount(userId: string, orgId: string | null | undefined, knownOrgId: string | null | undefined): AccountRef {
  const org = orgId ?? knownOrgId;
  return org ? { kind: AccountKind.ORG, id: org } : { kind: AccountKind.USER, id: userId };
}

/** Credits `quantity` units of `resource` cost. */
export function creditsFor(policy: CreditPolicy, resource: ConsumableResource, quantity: number): number {
  return policy.costs[resource] * quantity;
}

export interface CheckDecision {
  allowed: boolean;
  balance: number;
  required: number;
  reason: string | null;
}

/** A check only looks: enough credits now means allowed; nothing is reserved. */
export function decideCheck(balance: number, required: number): CheckDecision {
  const allowed = balance >= required;
  return { allowed, balance, required, reason: allowed ? null : "insufficient_credits" };
}
