import * as v from "valibot";
import { PhaseNameSchema, PipelineNameSchema } from "./enums.ts";

/** What BOS tells BCS about a batch when it asks for a pipeline. */
export const BatchPipelineMetadataSchema = v.looseObject({
  prompt_attached: v.optional(v.boolean()),
  prompt_source: v.optional(v.picklist(["canonical", "cms", "context"])),
  assignment_id: v.optional(v.string()),
  course_code: v.optional(v.string()),
});

export const BCSPipelineDefinitionRequestSchema = v.pipe(
  v.object({
    batch_id: v.pipe(v.string(), v.minLength(1)),
    requested_pipeline: v.pipe(v.string(), v.minLength(1, "requested_pipeline must not be empty")),
    correlation_id: v.pipe(v.string(), v.minLength(1)),
    batch_metadata: v.optional(BatchPipelineMetadataSchema, {}),
  }),
  v.title("BCSPipelineDefinitionRequest"),
);
export type BCSPipelineDefinitionRequest = v.InferOutput<typeof BCSPipelineDefinitionRequestSchema>;

export const ResolvedPhaseSchema = v.object({
  phase: PhaseNameSchema,
  command_topic: v.string(),
  depends_on: v.array(PhaseNameSchema),
});

export const BCSPipelineDefinitionResponseSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    requested_pipeline: PipelineNameSchema,
    final_pipeline: v.array(PhaseNameSchema),
    phases: v.array(ResolvedPhaseSchema),
    pruned_phases: v.array(PhaseNameSchema),
    correlation_id: v.string(),
  }),
  v.title("BCSPipelineDefinitionResponse"),
);
export type BCSPipelineDefinitionResponse = v.InferOutput<typeof BCSPipelineDefinitionResponseSchema>;
