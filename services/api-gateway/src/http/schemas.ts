import * as v from "valibot";
import { anchorRegistrationSchema, DEFAULT_ANCHOR_LIMITS } from "@shared/contracts/anchors.ts";
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

/** The anchors API's bodies and limits are CJ's shared contract. */
export { AssignmentIdParamsSchema } from "@shared/contracts/anchors.ts";
export const MAX_ANCHORS = DEFAULT_ANCHOR_LIMITS.maxAnchors;
export const MAX_ANCHOR_TEXT_CHARS = DEFAULT_ANCHOR_LIMITS.maxTextChars;
export const AnchorRegistrationRequestSchema = anchorRegistrationSchema(DEFAULT_ANCHOR_LIMITS);

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
