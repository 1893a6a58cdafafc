// Credit administration and the usage ledger: entitlements serves them, the gateway relays them.
import * as v from "valibot";

const id = (field: string) => v.pipe(v.string(`${field} must be a string`), v.trim(), v.minLength(1, `${field} must not be empty`), v.maxLength(200));

/** Admin → gateway: top up (positive) or adjust (±) a user's or an organisation's credits. */
export const CreditAdjustmentRequestSchema = v.pipe(
  v.strictObject({
    account: v.picklist(["user", "org"], "account must be user or org"),
    account_id: id("account_id"),
    kind: v.picklist(["top_up", "adjustment"], "kind must be top_up or adjustment"),
    credits: v.pipe(v.number("credits must be a number"), v.integer("credits must be a whole number"), v.minValue(-1_000_000), v.maxValue(1_000_000), v.check((n) => n !== 0, "credits must not be 0")),
    reason: id("reason"),
  }),
  v.check((b) => b.kind !== "top_up" || b.credits > 0, "a top_up adds credits (credits > 0)"),
  v.title("CreditAdjustmentRequest"),
);
/** Gateway → entitlements: the same, with the admin who made it. */
export const InternalCreditAdjustmentSchema = v.pipe(
  v.strictObject({ ...CreditAdjustmentRequestSchema.pipe[0].entries, actor_user_id: id("actor_user_id") }),
  v.check((b) => b.kind !== "top_up" || b.credits > 0, "a top_up adds credits (credits > 0)"),
  v.title("InternalCreditAdjustment"),
);

export const LedgerEntrySchema = v.pipe(
  v.object({
    entry_id: v.string(),
    kind: v.picklist(["consumption", "top_up", "adjustment"]),
    /** Signed: consumption is negative. */
    credits: v.number(),
    balance_after: v.number(),
    /** Who made the change: the teacher whose batch consumed, or the admin. */
    actor_user_id: v.string(),
    batch_id: v.nullable(v.string()),
    resource: v.nullable(v.string()),
    quantity: v.nullable(v.number()),
    reason: v.nullable(v.string()),
    recorded_at: v.string(),
  }),
  v.title("LedgerEntry"),
);
export const LedgerPageSchema = v.pipe(
  v.object({ account: v.picklist(["user", "org"]), account_id: v.string(), total: v.number(), limit: v.number(), offset: v.number(), entries: v.array(LedgerEntrySchema) }),
  v.title("LedgerPage"),
);
export const LedgerQuerySchema = v.object({
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "limit must be a whole number"), v.transform(Number), v.minValue(1), v.maxValue(200)), "50"),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "offset must be a whole number"), v.transform(Number), v.minValue(0)), "0"),
});
export const AdjustmentResultSchema = v.pipe(
  v.object({ entry: LedgerEntrySchema, balance: v.number() }),
  v.title("AdjustmentResult"),
);
