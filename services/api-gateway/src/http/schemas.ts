import * as v from "valibot";
import { PipelinePromptPayloadSchema } from "@shared/contracts/batch-registration.ts";
import { BatchStatusSchema, PhaseNameSchema, PipelineNameSchema } from "@shared/contracts/enums.ts";
import { PipelineAdmissionSchema } from "@shared/contracts/pipeline-admission.ts";
import { StorageReferenceMetadataSchema } from "@shared/contracts/storage.ts";

export const BatchIdParamsSchema = v.object({
  batch_id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,128}$/, "batch_id must be 1-128 letters, digits or ._:-")),
});

export const EssayParamsSchema = v.object({
  ...BatchIdParamsSchema.entries,
  essay_id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,128}$/, "essay_id must be 1-128 letters, digits or ._:-")),
});

export const BatchRegisteredSchema = v.pipe(v.object({ batch_id: v.string(), correlation_id: v.string() }), v.title("BatchRegistered"));

/** A batch as BOS summarises it; further fields (counts, context) are passed through. */
export const BatchSummarySchema = v.pipe(
  v.looseObject({
    batch_id: v.string(),
    user_id: v.string(),
    status: BatchStatusSchema,
    /** The teacher's display name for the batch (null: none). */
    name: v.nullish(v.string()),
    course_code: v.optional(v.string()),
    essay_instructions: v.optional(v.string()),
    student_prompt_ref: v.nullish(StorageReferenceMetadataSchema),
    counts: v.optional(v.object({ expected: v.number(), provisioned: v.number(), failed: v.number() })),
    current_pipeline: v.nullish(PipelineNameSchema),
    current_phase: v.nullish(PhaseNameSchema),
    /** Whether BOS would start a pipeline now, and why not. */
    pipeline_admission: v.optional(PipelineAdmissionSchema),
    created_at: v.optional(v.string()),
    updated_at: v.optional(v.string()),
  }),
  v.title("BatchSummary"),
);

export const BatchListSchema = v.pipe(v.looseObject({ batches: v.array(BatchSummarySchema) }), v.title("BatchList"));

export const BatchListQuerySchema = v.object({
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "limit must be a whole number"), v.transform(Number), v.minValue(1), v.maxValue(200, "limit must be at most 200"))),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "offset must be a whole number"), v.transform(Number))),
  status: v.optional(BatchStatusSchema),
});

export const PromptAmendmentRequestSchema = v.pipe(
  v.strictObject({ student_prompt_ref: StorageReferenceMetadataSchema }),
  v.title("PromptAmendmentRequest"),
);

export const PromptAmendedSchema = v.pipe(
  v.object({ batch_id: v.string(), student_prompt_ref: StorageReferenceMetadataSchema }),
  v.title("PromptAmended"),
);

export const PipelineRequestSchema = v.pipe(
  v.strictObject({ requested_pipeline: PipelineNameSchema, prompt_payload: v.optional(PipelinePromptPayloadSchema) }),
  v.title("PipelineRequest"),
);

export const PipelineEstimateRequestSchema = v.pipe(v.strictObject({ requested_pipeline: PipelineNameSchema }), v.title("PipelineEstimateRequest"));

export const PipelineEstimateSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    requested_pipeline: PipelineNameSchema,
    /** Essays the pipeline would run on (the batch's provisioned essays). */
    essays: v.number(),
    /** Total credits, priced by entitlements for the paying account. */
    credits: v.number(),
    balance: v.number(),
    enough: v.boolean(),
    needs: v.array(v.object({ resource: v.picklist(["cj_comparison", "ai_feedback"]), quantity: v.number(), credits: v.number() })),
  }),
  v.title("PipelineEstimate"),
);

export const PipelineAcceptedSchema = v.pipe(v.object({ correlation_id: v.string(), batch_id: v.string() }), v.title("PipelineAccepted"));

export const FileUploadFormSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    files: v.pipe(v.array(v.pipe(v.string(), v.metadata({ format: "binary" }))), v.minLength(1)),
  }),
  v.title("FileUploadForm"),
);

export const FileUploadResultSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    files: v.array(
      v.object({
        file_name: v.string(),
        accepted: v.boolean(),
        file_upload_id: v.optional(v.string()),
        error_code: v.optional(v.string()),
        message: v.optional(v.string()),
      }),
    ),
  }),
  v.title("FileUploadResult"),
);

export { BatchResultsSchema, BatchStatusViewSchema } from "./result-schemas.ts";

/** Longest student prompt the gateway stores, in characters (after trimming). */
export const MAX_PROMPT_CHARS = 20_000;

export const PromptUploadRequestSchema = v.pipe(
  v.strictObject({
    text: v.pipe(
      v.string("text must be a string"), v.trim(), v.minLength(1, "text must not be empty"),
      v.maxLength(MAX_PROMPT_CHARS, `text is longer than ${MAX_PROMPT_CHARS} characters`),
    ),
  }),
  v.title("PromptUploadRequest"),
);

const identifier = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, `${field} must be 1-100 letters, digits or _ . : - (starting with a letter or digit)`));

export const AssignmentIdParamsSchema = v.object({ assignment_id: identifier("assignment_id") });

/** Same bounds as the CJ service's defaults; CJ checks the scale and that grades are on it. */
export const MAX_ANCHORS = 50;
export const MAX_ANCHOR_TEXT_CHARS = 50_000;

export const AnchorRegistrationRequestSchema = v.pipe(
  v.strictObject({
    grade_scale: v.pipe(identifier("grade_scale"), v.metadata({ description: "A CJ grade scale id: swedish_a_f, swedish_8_anchor, eng5_np_legacy_9_step, numeric_1_5, or an integer range numeric_<min>_<max> (0 <= min < max, at most 100 apart), e.g. numeric_1_6, numeric_0_30" })),
    anchors: v.pipe(
      v.array(
        v.strictObject({
          anchor_id: v.optional(identifier("anchor_id")),
          grade: v.pipe(v.string("grade must be a string"), v.trim(), v.minLength(1, "grade must not be empty"), v.maxLength(20, "grade is longer than 20 characters")),
          text: v.pipe(
            v.string("text must be a string"), v.trim(), v.minLength(1, "text must not be empty"),
            v.maxLength(MAX_ANCHOR_TEXT_CHARS, `text is longer than ${MAX_ANCHOR_TEXT_CHARS} characters`),
          ),
        }),
      ),
      v.minLength(1, "anchors must hold at least one anchor"),
      v.maxLength(MAX_ANCHORS, `at most ${MAX_ANCHORS} anchors per assignment`),
    ),
  }),
  v.title("AnchorRegistrationRequest"),
);

export const CreditBalanceSchema = v.pipe(
  v.object({
    user_id: v.string(),
    /** Set when the caller's organisation pays. */
    org_id: v.optional(v.string()),
    /** Credits left; may be negative when usage outran a check. */
    balance: v.number(),
    consumed: v.number(),
  }),
  v.title("CreditBalance"),
);
