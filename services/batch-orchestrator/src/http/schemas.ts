import * as v from "valibot";
import { BatchStatusSchema } from "@shared/contracts/enums.ts";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));

export const BatchIdParamsSchema = v.object({ batch_id: id("batch_id") });
export const UserIdParamsSchema = v.object({ user_id: id("user_id") });

const intQuery = (min: number, max: number, fallback: string) =>
  v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(min), v.maxValue(max)), fallback);

export const BatchListQuerySchema = v.object({
  limit: intQuery(1, 500, "100"),
  offset: intQuery(0, 1_000_000, "0"),
  status: v.optional(BatchStatusSchema),
});

// The bodies the gateway exchanges with BOS are defined once in shared/contracts/bos-batches.ts.
export { BatchListResponseSchema, BatchSummarySchema, EssayCountsSchema, PromptAmendmentRequestSchema, type BatchSummary } from "@shared/contracts/bos-batches.ts";
