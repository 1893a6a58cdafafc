import * as v from "valibot";
import { LlmComparisonResultSchema, LlmFeedbackResultSchema } from "@shared/contracts/events/llm.ts";
import { enumValues } from "@shared/contracts/enums.ts";
import { RequestKind, RequestStatus } from "../db/request-states.ts";
import { ProviderNameSchema } from "../config.ts";

export const RequestStatusSchema = v.picklist(enumValues(RequestStatus));

/** The answer to a submitted request: it is known under this id and stands here. */
export const RequestAcceptedSchema = v.pipe(
  v.object({ request_id: v.string(), status: RequestStatusSchema }),
  v.title("RequestAccepted"),
);

/** A request's state and, once answered, the result that was published on its callback topic. */
export const RequestStateSchema = v.pipe(
  v.object({
    request_id: v.string(),
    kind: v.picklist(enumValues(RequestKind)),
    status: RequestStatusSchema,
    provider: ProviderNameSchema,
    model: v.string(),
    priority: v.number(),
    callback_topic: v.string(),
    expires_at: v.nullable(v.string()),
    created_at: v.string(),
    started_at: v.nullable(v.string()),
    completed_at: v.nullable(v.string()),
    result: v.nullable(v.union([LlmComparisonResultSchema, LlmFeedbackResultSchema])),
  }),
  v.title("RequestState"),
);
export type RequestState = v.InferOutput<typeof RequestStateSchema>;

export const RequestIdParamsSchema = v.object({ request_id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });
