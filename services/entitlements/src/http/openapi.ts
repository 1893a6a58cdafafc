import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { EntitlementCheckRequestSchema, EntitlementCheckResponseSchema } from "@shared/contracts/events/entitlements.ts";
import { BalanceQuerySchema, CreditBalanceSchema } from "./schemas.ts";

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
    ],
  });
}
