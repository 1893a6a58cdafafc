import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { ErrorCodeSchema } from "../errors.ts";
import { LanguageSchema, PhaseNameSchema, PipelineNameSchema, BatchStatusSchema } from "../enums.ts";
import { StorageReferenceMetadataSchema } from "../storage.ts";
import { CJSettingsSchema, PipelinePromptPayloadSchema } from "../batch-registration.ts";
import { EssayTextRefSchema } from "./essay-ref.ts";

/** BOS → ELS (and RAS): a batch exists and these essay slots await content. */
export const BatchEssaysRegisteredTopic = defineTopic(
  "huleedu.batch.essays.registered.v1",
  v.object({
    batch_id: v.string(),
    expected_essay_count: v.number(),
    essay_ids: v.array(v.string()),
    course_code: v.string(),
    language: LanguageSchema,
    essay_instructions: v.string(),
    student_prompt_ref: v.nullish(StorageReferenceMetadataSchema),
    user_id: v.string(),
    org_id: v.nullish(v.string()),
    class_id: v.nullish(v.string()),
    assignment_id: v.nullish(v.string()),
  }),
);

/** Gateway → BOS: a teacher asks for a pipeline on a batch. */
export const ClientBatchPipelineRequestTopic = defineTopic(
  "huleedu.commands.batch.pipeline.v1",
  v.object({
    batch_id: v.string(),
    requested_pipeline: PipelineNameSchema,
    user_id: v.string(),
    prompt_payload: v.nullish(PipelinePromptPayloadSchema),
  }),
);

/** BOS → teacher (via RAS/notifications): the pipeline request was refused. */
export const PipelineDeniedTopic = defineTopic(
  "huleedu.batch.pipeline.denied.v1",
  v.object({
    batch_id: v.string(),
    requested_pipeline: v.string(),
    user_id: v.string(),
    error_code: ErrorCodeSchema,
    compatibility_issue: v.nullish(v.string()),
    message: v.string(),
  }),
);

/** BOS → ELS: start one phase over these essays. The same schema serves every phase topic. */
export const PhaseInitiateCommandSchema = v.object({
  batch_id: v.string(),
  phase: PhaseNameSchema,
  pipeline: PipelineNameSchema,
  user_id: v.string(),
  org_id: v.nullish(v.string()),
  language: LanguageSchema,
  course_code: v.string(),
  essay_instructions: v.string(),
  student_prompt_ref: v.nullish(StorageReferenceMetadataSchema),
  assignment_id: v.nullish(v.string()),
  cj_settings: v.nullish(CJSettingsSchema),
  essays: v.array(EssayTextRefSchema),
});
export type PhaseInitiateCommand = v.InferOutput<typeof PhaseInitiateCommandSchema>;

export const SpellcheckInitiateCommandTopic = defineTopic("huleedu.els.spellcheck.initiate.command.v1", PhaseInitiateCommandSchema);
export const NlpInitiateCommandTopic = defineTopic("huleedu.els.nlp.initiate.command.v1", PhaseInitiateCommandSchema);
export const CJAssessmentInitiateCommandTopic = defineTopic("huleedu.els.cj_assessment.initiate.command.v1", PhaseInitiateCommandSchema);
export const AIFeedbackInitiateCommandTopic = defineTopic("huleedu.els.ai_feedback.initiate.command.v1", PhaseInitiateCommandSchema);

/** The command topic that starts each phase (pipelines.yaml names the same topics). */
export const PHASE_COMMAND_TOPICS = {
  spellcheck: SpellcheckInitiateCommandTopic,
  nlp: NlpInitiateCommandTopic,
  cj_assessment: CJAssessmentInitiateCommandTopic,
  ai_feedback: AIFeedbackInitiateCommandTopic,
} as const;

/** BOS → everyone: a batch's status changed (RAS keeps it; notifications follow). */
export const BatchStatusChangedTopic = defineTopic(
  "huleedu.batch.status.changed.v1",
  v.object({ batch_id: v.string(), user_id: v.string(), status: BatchStatusSchema, previous_status: v.nullish(BatchStatusSchema) }),
);

/** BOS → RAS/teacher: the requested pipeline has run all its phases. */
export const BatchPipelineCompletedTopic = defineTopic(
  "huleedu.batch.pipeline.completed.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    pipeline: PipelineNameSchema,
    final_status: v.picklist(["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY"]),
    completed_phases: v.array(PhaseNameSchema),
    failed_essay_ids: v.array(v.string()),
    /** What the owner knows the batch by (for mails); optional so older entries still parse. */
    course_code: v.optional(v.string()),
    essay_instructions: v.optional(v.string()),
    /** Essays with content when the run ended (the "of M" in "N of M failed"). */
    essay_count: v.optional(v.number()),
  }),
);
