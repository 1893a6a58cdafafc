import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { LlmComparisonRequestSchema, LlmComparisonResultSchema, LlmFeedbackResultSchema } from "@shared/contracts/events/llm.ts";
import * as v from "valibot";
import { RequestAcceptedSchema, RequestStateSchema } from "./schemas.ts";

const ComparisonRequest = v.pipe(LlmComparisonRequestSchema, v.title("LlmComparisonRequest"));

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu LLM Provider Service",
    version: "1.0.0",
    description:
      "Queued LLM comparisons and feedback with priority and expiry, answered on the request's callback topic " +
      "(huleedu.llm_provider.*.completed.v1). Requests also arrive on huleedu.llm_provider.comparison.requested.v1 " +
      "and huleedu.llm_provider.feedback.requested.v1.",
    components: {
      LlmComparisonRequest: ComparisonRequest,
      LlmComparisonResult: v.pipe(LlmComparisonResultSchema, v.title("LlmComparisonResult")),
      LlmFeedbackResult: v.pipe(LlmFeedbackResultSchema, v.title("LlmFeedbackResult")),
      RequestAccepted: RequestAcceptedSchema,
      RequestState: RequestStateSchema,
    },
    routes: [
      {
        method: "post", path: "/v1/comparisons", operationId: "submitComparison",
        summary: "Queue a comparison; the result is published on callback_topic (a known request_id is not queued twice)",
        security: "internal", body: { schema: ComparisonRequest },
        responses: {
          202: { description: "Accepted; the request's current state", schema: RequestAcceptedSchema },
          400: { description: "Invalid request (e.g. callback_topic is not the comparison result topic)", schema: ErrorDetailSchema },
          502: { description: "The content service could not be asked for an essay text; try again", schema: ErrorDetailSchema },
        },
      },
      {
        method: "get", path: "/v1/requests/{request_id}", operationId: "getRequest",
        summary: "A request's status and, once answered, its result",
        security: "internal", params: { request_id: "The request_id given at submission" },
        responses: {
          200: { description: "The request", schema: RequestStateSchema },
          404: { description: "Unknown request id", schema: ErrorDetailSchema },
        },
      },
    ],
  });
}
