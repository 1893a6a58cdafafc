import * as v from "valibot";
import { CJSettingsSchema } from "./batch-registration.ts";
import { BatchStatusSchema, LanguageSchema, PhaseNameSchema, PipelineNameSchema } from "./enums.ts";
import { PipelineAdmissionSchema } from "./pipeline-admission.ts";
import { StorageReferenceMetadataSchema } from "./storage.ts";

// BOS's internal batch bodies: BOS's routes answer (and read) these, the gateway's BOS client and
// run-control routes parse them. One definition, both sides.

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));

/** The gateway's prompt amendment: the caller's user id (ownership) and the new reference. */
export const PromptAmendmentRequestSchema = v.pipe(
  v.object({ user_id: id("user_id"), student_prompt_ref: StorageReferenceMetadataSchema }),
  v.title("PromptAmendmentRequest"),
);
export type PromptAmendmentRequest = v.InferInput<typeof PromptAmendmentRequestSchema>;

export const EssayCountsSchema = v.pipe(
  v.object({ expected: v.number(), provisioned: v.number(), failed: v.number() }),
  v.title("EssayCounts"),
);

export const BatchSummarySchema = v.pipe(
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    org_id: v.nullable(v.string()),
    /** The owner's display name; null until one is given. */
    name: v.nullable(v.string()),
    status: BatchStatusSchema,
    course_code: v.string(),
    language: LanguageSchema,
    essay_instructions: v.string(),
    class_id: v.nullable(v.string()),
    assignment_id: v.nullable(v.string()),
    student_prompt_ref: v.nullable(StorageReferenceMetadataSchema),
    cj_settings: v.nullable(CJSettingsSchema),
    counts: EssayCountsSchema,
    current_pipeline: v.nullable(PipelineNameSchema),
    current_phase: v.nullable(PhaseNameSchema),
    pipeline_admission: PipelineAdmissionSchema,
    created_at: v.string(),
    updated_at: v.string(),
  }),
  v.title("BatchSummary"),
);
export type BatchSummary = v.InferOutput<typeof BatchSummarySchema>;

export const BatchListResponseSchema = v.pipe(
  v.object({ user_id: v.string(), batches: v.array(BatchSummarySchema), limit: v.number(), offset: v.number() }),
  v.title("BatchListResponse"),
);

