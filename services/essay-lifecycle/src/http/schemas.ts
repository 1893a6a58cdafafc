import * as v from "valibot";
import { EssayStatusSchema, PhaseNameSchema } from "@shared/contracts/enums.ts";

const id = (name: string) => v.pipe(v.string(), v.minLength(1, `${name} must not be empty`), v.maxLength(200, `${name} is too long`));

export const BatchIdParamsSchema = v.object({ batch_id: id("batch_id") });
export const EssayIdParamsSchema = v.object({ essay_id: id("essay_id") });

export const EssaySummarySchema = v.pipe(
  v.object({
    essay_id: v.string(),
    batch_id: v.string(),
    status: EssayStatusSchema,
    /** The essay's current text (the corrected text once spellcheck succeeded). */
    text_storage_id: v.nullable(v.string()),
    original_text_storage_id: v.nullable(v.string()),
    original_file_name: v.nullable(v.string()),
    file_upload_id: v.nullable(v.string()),
    student_name: v.nullable(v.string()),
    student_email: v.nullable(v.string()),
    updated_at: v.string(),
  }),
  v.title("EssaySummary"),
);
export type EssaySummary = v.InferOutput<typeof EssaySummarySchema>;

export const BatchEssaysResponseSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    expected_count: v.number(),
    provisioning_completed: v.boolean(),
    essays: v.array(EssaySummarySchema),
  }),
  v.title("BatchEssaysResponse"),
);

export const EssayPhaseRecordSchema = v.pipe(
  v.object({
    run_id: v.string(),
    phase: PhaseNameSchema,
    run_status: v.picklist(["IN_PROGRESS", "COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED_CRITICALLY", "CANCELLED"]),
    status: v.picklist(["pending", "success", "failed", "cancelled"]),
    input_text_storage_id: v.string(),
    result_text_storage_id: v.nullable(v.string()),
    failure_reason: v.nullable(v.string()),
    started_at: v.string(),
    finished_at: v.nullable(v.string()),
  }),
  v.title("EssayPhaseRecord"),
);

export const EssayDetailResponseSchema = v.pipe(
  v.object({
    essay: EssaySummarySchema,
    phases: v.array(EssayPhaseRecordSchema),
  }),
  v.title("EssayDetailResponse"),
);
