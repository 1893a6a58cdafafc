import * as v from "valibot";
import { PipelinePromptPayloadSchema } from "@shared/contracts/batch-registration.ts";
import { BatchStatusSchema, PhaseNameSchema, PipelineNameSchema } from "@shared/contracts/enums.ts";
import { StorageReferenceMetadataSchema } from "@shared/contracts/storage.ts";

export const BatchIdParamsSchema = v.object({
  batch_id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,128}$/, "batch_id must be 1-128 letters, digits or ._:-")),
});

export const BatchRegisteredSchema = v.pipe(v.object({ batch_id: v.string(), correlation_id: v.string() }), v.title("BatchRegistered"));

/** A batch as BOS summarises it; further fields (counts, context) are passed through. */
export const BatchSummarySchema = v.pipe(
  v.looseObject({
    batch_id: v.string(),
    user_id: v.string(),
    status: BatchStatusSchema,
    course_code: v.optional(v.string()),
    essay_instructions: v.optional(v.string()),
    student_prompt_ref: v.nullish(StorageReferenceMetadataSchema),
    counts: v.optional(v.object({ expected: v.number(), provisioned: v.number(), failed: v.number() })),
    current_pipeline: v.nullish(PipelineNameSchema),
    current_phase: v.nullish(PhaseNameSchema),
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

/** RAS's aggregated batch view; `essays` (per-essay results) only on /results. */
export const BatchStatusViewSchema = v.pipe(v.looseObject({ batch_id: v.string(), user_id: v.string() }), v.title("BatchStatusView"));
export const BatchResultsSchema = v.pipe(
  v.looseObject({ batch_id: v.string(), user_id: v.string(), essays: v.array(v.record(v.string(), v.unknown())) }),
  v.title("BatchResults"),
);
