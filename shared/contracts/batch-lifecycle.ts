// BOS's owner-only batch routes as the gateway calls them: erasure, essay slots and removal, run
// control (cancel, retry a phase) and rename. BOS validates the requests and answers these bodies;
// the gateway sends the requests (with the caller's user id) and parses the answers.
import * as v from "valibot";
import { BatchStatusSchema, PhaseNameSchema, PipelineNameSchema } from "./enums.ts";
import { RunStatus } from "./pipeline-state.ts";

const id = (field: string) => v.pipe(v.string(), v.minLength(1, `${field} must not be empty`), v.maxLength(200, `${field} is too long`));
const owner = { user_id: id("user_id") };

/** A batch's display name: trimmed, then 1–200 characters. */
export const BatchNameSchema = v.pipe(
  v.string("name must be a string"), v.trim(), v.minLength(1, "name must not be empty"), v.maxLength(200, "name must be at most 200 characters"),
);

export const BatchErasureRequestSchema = v.pipe(v.object(owner), v.title("BatchErasureRequest"));
export type BatchErasureRequest = v.InferInput<typeof BatchErasureRequestSchema>;
export const BatchErasureAcceptedSchema = v.pipe(
  v.object({ batch_id: v.string(), status: v.literal("erasing"), participants: v.array(v.string()) }),
  v.title("BatchErasureAccepted"),
);
export type BatchErasureAccepted = v.InferOutput<typeof BatchErasureAcceptedSchema>;

export const EssaySlotsRequestSchema = v.pipe(
  v.object({ ...owner, count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)) }),
  v.title("EssaySlotsRequest"),
);
export type EssaySlotsRequest = v.InferInput<typeof EssaySlotsRequestSchema>;
export const EssaySlotsAddedSchema = v.pipe(
  v.object({ batch_id: v.string(), essay_ids: v.array(v.string()), expected_essay_count: v.number() }),
  v.title("EssaySlotsAdded"),
);
export type EssaySlotsAdded = v.InferOutput<typeof EssaySlotsAddedSchema>;

export const EssayRemovalRequestSchema = v.pipe(v.object(owner), v.title("EssayRemovalRequest"));
export type EssayRemovalRequest = v.InferInput<typeof EssayRemovalRequestSchema>;
export const EssayRemovedSchema = v.pipe(
  v.object({ batch_id: v.string(), essay_id: v.string(), expected_essay_count: v.number() }),
  v.title("EssayRemoved"),
);
export type EssayRemoved = v.InferOutput<typeof EssayRemovedSchema>;

export const RunCancelRequestSchema = v.pipe(v.object(owner), v.title("RunCancelRequest"));
export type RunCancelRequest = v.InferInput<typeof RunCancelRequestSchema>;
/** The cancelled run: it always ends CANCELLED. */
export const RunCancelledSchema = v.pipe(
  v.object({
    batch_id: v.string(), run_id: v.string(), pipeline: PipelineNameSchema, status: v.literal(RunStatus.CANCELLED), batch_status: BatchStatusSchema,
    cancelled_phases: v.array(PhaseNameSchema), skipped_phases: v.array(PhaseNameSchema), completed_phases: v.array(PhaseNameSchema), cancelled_at: v.string(),
  }),
  v.title("RunCancelled"),
);
export type RunCancelled = v.InferOutput<typeof RunCancelledSchema>;

export const PhaseRetryRequestSchema = v.pipe(v.object({ ...owner, phase: PhaseNameSchema }), v.title("PhaseRetryRequest"));
export type PhaseRetryRequest = v.InferInput<typeof PhaseRetryRequestSchema>;
export const PhaseRetryStartedSchema = v.pipe(
  v.object({ batch_id: v.string(), run_id: v.string(), phase: PhaseNameSchema, retry_of_run_id: v.string(), essay_ids: v.array(v.string()) }),
  v.title("PhaseRetryStarted"),
);
export type PhaseRetryStarted = v.InferOutput<typeof PhaseRetryStartedSchema>;

export const BatchRenameRequestSchema = v.pipe(v.object({ ...owner, name: v.nullable(BatchNameSchema) }), v.title("BatchRenameRequest"));
export type BatchRenameRequest = v.InferInput<typeof BatchRenameRequestSchema>;
