// BOS's pipeline-state answer (`GET /internal/v1/batches/{id}/pipeline-state`): BOS serves it, the
// result aggregator seeds its view from it. Relative imports only: BOS's drizzle schema loads RunStatus.
import * as v from "valibot";
import { BatchStatusSchema, enumValues, PhaseNameSchema, PhaseStatus, PipelineNameSchema } from "./enums.ts";

/**
 * A pipeline run's (and its phases') status in BOS: the shared phase statuses plus CANCELLED, which
 * only the owner's cancellation sets (the shared phase enum has no such value; no other service stores it).
 */
export const RunStatus = { ...PhaseStatus, CANCELLED: "CANCELLED" } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
export const RunStatusSchema = v.picklist(enumValues(RunStatus));

export const PhaseStateSchema = v.pipe(
  v.object({
    phase: PhaseNameSchema,
    status: RunStatusSchema,
    depends_on: v.array(PhaseNameSchema),
    started_at: v.nullable(v.string()),
    completed_at: v.nullable(v.string()),
    processed_count: v.nullable(v.number()),
    failed_count: v.nullable(v.number()),
  }),
  v.title("PhaseState"),
);

export const PipelineRunStateSchema = v.pipe(
  v.object({
    run_id: v.string(),
    pipeline: PipelineNameSchema,
    status: RunStatusSchema,
    prompt_source: v.nullable(v.picklist(["canonical", "cms", "context"])),
    assignment_id: v.nullable(v.string()),
    correlation_id: v.string(),
    requested_at: v.string(),
    completed_at: v.nullable(v.string()),
    pruned_phases: v.array(PhaseNameSchema),
    /** A retry run: the run whose failed essays it re-runs. */
    retry_of_run_id: v.nullable(v.string()),
    failed_essay_ids: v.array(v.string()),
    phases: v.array(PhaseStateSchema),
  }),
  v.title("PipelineRunState"),
);

/** A batch's pipeline state: what runs now, what has completed, and every run so far (oldest first). */
export const PipelineStateSchema = v.pipe(
  v.object({
    batch_status: BatchStatusSchema,
    active_pipeline: v.nullable(PipelineNameSchema),
    current_phase: v.nullable(PhaseNameSchema),
    completed_phases: v.array(PhaseNameSchema),
    runs: v.array(PipelineRunStateSchema),
  }),
  v.title("PipelineState"),
);
export type PipelineState = v.InferOutput<typeof PipelineStateSchema>;

/** The answer: the batch's owner (never empty) and its pipeline state. Unknown fields are dropped, not refused. */
export const PipelineStateResponseSchema = v.pipe(
  v.object({ batch_id: v.string(), user_id: v.pipe(v.string(), v.minLength(1)), pipeline_state: PipelineStateSchema }),
  v.title("PipelineStateResponse"),
);
export type PipelineStateResponse = v.InferOutput<typeof PipelineStateResponseSchema>;
