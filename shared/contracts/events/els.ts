import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { LanguageSchema } from "../enums.ts";
import { StorageReferenceMetadataSchema } from "../storage.ts";
import { CJSettingsSchema } from "../batch-registration.ts";
import { EssayTextRefSchema } from "./essay-ref.ts";

/** ELS: content took a slot (essay id) in its batch. */
export const EssaySlotAssignedTopic = defineTopic(
  "huleedu.els.essay.slot.assigned.v1",
  v.object({
    batch_id: v.string(),
    essay_id: v.string(),
    file_upload_id: v.string(),
    original_file_name: v.string(),
    text_storage_id: v.string(),
  }),
);

/** ELS: content arrived after every slot of its batch was taken. */
export const ExcessContentProvisionedTopic = defineTopic(
  "huleedu.els.excess.content.provisioned.v1",
  v.object({
    batch_id: v.string(),
    file_upload_id: v.string(),
    original_file_name: v.string(),
    text_storage_id: v.string(),
    reason: v.string(),
  }),
);

export const ProvisionedEssaySchema = v.object({
  essay_id: v.string(),
  text_storage_id: v.string(),
  original_file_name: v.string(),
  file_upload_id: v.string(),
  student_name: v.nullish(v.string()),
  student_email: v.nullish(v.string()),
});

export const ProvisioningFailureSchema = v.object({
  file_upload_id: v.string(),
  original_file_name: v.string(),
  error_code: v.string(),
  message: v.string(),
});

/** ELS → BOS: every expected essay has content or a recorded failure. Emitted once per batch. */
export const BatchContentProvisioningCompletedTopic = defineTopic(
  "huleedu.els.batch.content.provisioning.completed.v1",
  v.object({
    batch_id: v.string(),
    /**
     * The batch's kind as registered, so a consumer need not have seen the registration first (two streams,
     * no order between them): a class id means REGULAR, null means GUEST. Absent only from older producers.
     */
    class_id: v.nullish(v.string()),
    /** The batch's teacher (with `class_id`, enough to act on the batch without its registration). */
    user_id: v.optional(v.string()),
    expected_count: v.number(),
    provisioned_count: v.number(),
    essays: v.array(ProvisionedEssaySchema),
    failures: v.array(ProvisioningFailureSchema),
  }),
);

/** The phase outcome and its per-essay result references: shared/contracts/events/phase-outcome.ts. */
export { ELSBatchPhaseOutcomeTopic } from "./phase-outcome.ts";

/** ELS → spellchecker / nlp / ai-feedback: process one essay. */
export const EssayProcessingRequestSchema = v.object({
  batch_id: v.string(),
  essay_id: v.string(),
  text_storage_id: v.string(),
  language: LanguageSchema,
  essay_instructions: v.optional(v.string()),
  student_prompt_ref: v.nullish(StorageReferenceMetadataSchema),
  user_id: v.optional(v.string()),
});
export type EssayProcessingRequest = v.InferOutput<typeof EssayProcessingRequestSchema>;

export const EssaySpellcheckRequestedTopic = defineTopic("huleedu.essay.spellcheck.requested.v1", EssayProcessingRequestSchema);
export const EssayNlpRequestedTopic = defineTopic("huleedu.essay.nlp.requested.v1", EssayProcessingRequestSchema);
export const EssayAIFeedbackRequestedTopic = defineTopic("huleedu.essay.ai_feedback.requested.v1", EssayProcessingRequestSchema);

/** ELS → cj-assessment: judge this batch's essays (one request per batch). */
export const CJAssessmentRequestedTopic = defineTopic(
  "huleedu.els.cj_assessment.requested.v1",
  v.object({
    batch_id: v.string(),
    language: LanguageSchema,
    course_code: v.string(),
    essay_instructions: v.string(),
    student_prompt_ref: v.nullish(StorageReferenceMetadataSchema),
    assignment_id: v.nullish(v.string()),
    user_id: v.string(),
    org_id: v.nullish(v.string()),
    cj_settings: v.nullish(CJSettingsSchema),
    essays: v.array(EssayTextRefSchema),
  }),
);
