import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { CreditBalanceSchema, EntitlementCheckRequestSchema, EntitlementCheckResponseSchema } from "@shared/contracts/events/entitlements.ts";
import { AdjustmentResultSchema, InternalCreditAdjustmentSchema, LedgerPageSchema, LedgerQuerySchema } from "@shared/contracts/credits-admin.ts";
import * as v from "valibot";
import { BalanceQuerySchema } from "./schemas.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Entitlements Service",
    version: "1.0.0",
    description:
      "Credit balances per user and organisation. The organisation pays when one is named (or the user was last seen with one); " +
      "otherwise the user. Accounts get their initial grant on first sight; consumption events deduct exactly once.",
    components: {
      EntitlementCheckRequest: EntitlementCheckRequestSchema,
      EntitlementCheckResponse: EntitlementCheckResponseSchema,
      CreditBalance: CreditBalanceSchema,
      InternalCreditAdjustment: InternalCreditAdjustmentSchema,
      AdjustmentResult: AdjustmentResultSchema,
      LedgerPage: LedgerPageSchema,
    },
    routes: [
      {
        method: "post", path: "/internal/v1/entitlements/check", operationId: "checkEntitlement", tags: ["entitlements"], security: "internal",
        summary: "May this user (or organisation) spend quantity × cost credits now? Nothing is reserved; allowed=false carries reason insufficient_credits.",
        body: { schema: EntitlementCheckRequestSchema },
        responses: { 200: { description: "The decision with the paying account's balance and the credits required", schema: EntitlementCheckResponseSchema } },
      },
      {
        method: "get", path: "/internal/v1/entitlements/users/{user_id}/balance", operationId: "getCreditBalance", tags: ["entitlements"], security: "internal",
        summary: "The balance of the account that pays for this user (the gateway checks the caller is the user)",
        params: { user_id: "User id" }, query: BalanceQuerySchema,
        responses: { 200: { description: "Granted, consumed and remaining credits", schema: CreditBalanceSchema } },
      },
      {
        method: "post", path: "/internal/v1/entitlements/adjustments", operationId: "adjustCredits", tags: ["entitlements"], security: "internal",
        summary: "An admin's top-up or ± adjustment of a user's or organisation's credits (the gateway checks the admin role); recorded in the ledger with the admin",
        body: { schema: InternalCreditAdjustmentSchema },
        responses: { 201: { description: "The ledger entry and the new balance", schema: AdjustmentResultSchema } },
      },
      {
        method: "get", path: "/internal/v1/entitlements/users/{user_id}/ledger", operationId: "getCreditLedger", tags: ["entitlements"], security: "internal",
        summary: "Every change to the account that pays for this user, newest first (consumption and admin adjustments, each with who made it)",
        params: { user_id: "User id" }, query: v.object({ ...BalanceQuerySchema.entries, ...LedgerQuerySchema.entries }),
        responses: { 200: { description: "One page of the ledger", schema: LedgerPageSchema } },
      },
    ],
  });
}
