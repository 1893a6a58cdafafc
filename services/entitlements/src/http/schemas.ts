import * as v from "valibot";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is longer than 200 characters`));

export const UserIdParamsSchema = v.object({ user_id: id("user_id") });

export const BalanceQuerySchema = v.object({
  /** The organisation the caller acts for; without it the user's last known organisation (if any) is used. */
  org_id: v.optional(id("org_id")),
});
