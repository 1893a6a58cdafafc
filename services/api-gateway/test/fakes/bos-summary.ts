import type { BatchSummary } from "@shared/contracts/bos-batches.ts";

/** A whole BOS batch summary (the shared contract), with plain defaults for what a test does not set. */
export function bosSummary(fields: Pick<BatchSummary, "batch_id" | "user_id" | "status" | "pipeline_admission"> & Partial<BatchSummary>): BatchSummary {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    org_id: null, name: null, course_code: "ENG5", language: "en", essay_instructions: "Write an essay.", class_id: null, assignment_id: null,
    student_prompt_ref: null, cj_settings: null, counts: { expected: 0, provisioned: 0, failed: 0 }, current_pipeline: null, current_phase: null,
    created_at: at, updated_at: at, ...fields,
  };
}
