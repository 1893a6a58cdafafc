import { buildOpenApiDocument } from "@shared/http/openapi.ts";
import { BatchEssaysResponseSchema, EssayDetailResponseSchema, EssayPhaseRecordSchema, EssaySummarySchema } from "./schemas.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Essay Lifecycle Service",
    version: "1.0.0",
    description: "Essay slots, per-essay lifecycle status and phase history (internal read API of the ELS api process).",
    components: {
      EssaySummary: EssaySummarySchema, EssayPhaseRecord: EssayPhaseRecordSchema,
      BatchEssaysResponse: BatchEssaysResponseSchema, EssayDetailResponse: EssayDetailResponseSchema,
    },
    routes: [
      {
        method: "get", path: "/internal/v1/batches/{batch_id}/essays", operationId: "listBatchEssays",
        summary: "A registered batch's essay slots with status, current text, file and student", security: "internal",
        params: { batch_id: "Batch id from registration" },
        responses: { 200: { description: "The batch's essays in slot order", schema: BatchEssaysResponseSchema } },
      },
      {
        method: "get", path: "/internal/v1/essays/{essay_id}", operationId: "getEssay",
        summary: "One essay with its lifecycle status and the phases it went through", security: "internal",
        params: { essay_id: "Essay id (a slot of a batch)" },
        responses: { 200: { description: "The essay", schema: EssayDetailResponseSchema } },
      },
    ],
  });
}
