import * as v from "valibot";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is longer than 200 characters`));

export const UserIdParamsSchema = v.object({ user_id: id("user_id") });

/** Shared with the gateway, which builds the query. */
export { BalanceQuerySchema } from "@shared/contracts/events/entitlements.ts";
