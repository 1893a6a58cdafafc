import * as v from "valibot";
import { CourseCodeSchema } from "./enums.ts";
import { StorageReferenceMetadataSchema } from "./storage.ts";

export const CJSettingsSchema = v.pipe(
  v.object({
    total_budget: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))),
    seed: v.optional(v.pipe(v.number(), v.integer())),
    grade_scale: v.optional(v.string()),
  }),
  v.title("CJSettings"),
);

const text = (max: number, field: string) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, `${field} must not be empty`), v.maxLength(max, `${field} is longer than ${max} characters`));

/** What a teacher sends to register a batch (public API). */
const clientRegistrationEntries = {
    /** The teacher's display name for the batch (can be changed later with PATCH /v1/batches/{id}). */
    name: v.optional(text(200, "name")),
    expected_essay_count: v.pipe(v.number("expected_essay_count must be a number"), v.integer(), v.minValue(1, "expected_essay_count must be at least 1"), v.maxValue(500, "expected_essay_count must be at most 500")),
    course_code: CourseCodeSchema,
    essay_instructions: text(10_000, "essay_instructions"),
    class_id: v.optional(text(100, "class_id")),
    assignment_id: v.optional(text(100, "assignment_id")),
    cj_settings: v.optional(CJSettingsSchema),
    student_prompt_ref: v.optional(StorageReferenceMetadataSchema),
};

export const ClientBatchRegistrationRequestSchema = v.pipe(
  v.strictObject(clientRegistrationEntries),
  v.title("ClientBatchRegistrationRequest"),
);
export type ClientBatchRegistrationRequest = v.InferOutput<typeof ClientBatchRegistrationRequestSchema>;

/** The gateway's request to BOS: the client request plus identity from the token. */
export const BatchRegistrationRequestV1Schema = v.pipe(
  v.object({
    ...clientRegistrationEntries,
    user_id: v.pipe(v.string(), v.minLength(1)),
    org_id: v.optional(v.string()),
  }),
  v.title("BatchRegistrationRequestV1"),
);
export type BatchRegistrationRequestV1 = v.InferOutput<typeof BatchRegistrationRequestV1Schema>;

export const BatchRegistrationResponseSchema = v.pipe(
  v.object({ batch_id: v.string(), correlation_id: v.string(), essay_ids: v.optional(v.array(v.string())) }),
  v.title("BatchRegistrationResponse"),
);

/** Prompt given with a pipeline request (seed 000: canonical assignment or CMS reference). */
export const PipelinePromptPayloadSchema = v.pipe(
  v.object({
    assignment_id: v.optional(text(100, "assignment_id")),
    cms_prompt_ref: v.optional(StorageReferenceMetadataSchema),
  }),
  v.title("PipelinePromptPayload"),
);
export type PipelinePromptPayload = v.InferOutput<typeof PipelinePromptPayloadSchema>;
