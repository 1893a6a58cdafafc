import { BCSPipelineDefinitionRequestSchema, BCSPipelineDefinitionResponseSchema } from "@shared/contracts/bcs.ts";
import { buildOpenApiDocument } from "@shared/http/openapi.ts";

export function openApiDocument() {
  return buildOpenApiDocument({
    title: "HuleEdu Batch Conductor Service",
    version: "1.0.0",
    description: "Resolves a requested pipeline into ordered phases for a batch, pruning completed phases and gating on the student prompt.",
    components: {
      BCSPipelineDefinitionRequest: BCSPipelineDefinitionRequestSchema,
      BCSPipelineDefinitionResponse: BCSPipelineDefinitionResponseSchema,
    },
    routes: [
      {
        method: "post", path: "/internal/v1/pipelines/define", operationId: "definePipeline",
        summary: "Resolve a pipeline for a batch", security: "internal",
        body: { schema: BCSPipelineDefinitionRequestSchema },
        responses: {
          200: { description: "Phases to run in dependency order", schema: BCSPipelineDefinitionResponseSchema },
          422: { description: "BCS_PIPELINE_COMPATIBILITY_FAILED (details.compatibility_issue) or PIPELINE_DEPENDENCY_RESOLUTION_FAILED" },
        },
      },
    ],
  });
}
