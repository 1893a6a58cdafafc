import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { PhaseNameSchema, PipelineNameSchema } from "../enums.ts";

/**
 * BOS → ELS, CJ, ai-feedback, LPS, RAS: the owner cancelled the batch's running pipeline. BOS has
 * already marked the run CANCELLED and freed the batch; every service abandons what it still has in
 * flight for the batch. Work requested before `cancelled_at` and answered later is dropped, not
 * counted and not charged. Carries ids only.
 */
export const PipelineCancelledTopic = defineTopic(
  "huleedu.batch.pipeline.cancelled.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    org_id: v.nullish(v.string()),
    /** BOS's run id of the cancelled pipeline run. */
    run_id: v.string(),
    pipeline: PipelineNameSchema,
    /** Phases that were in progress when the run was cancelled (their requests are abandoned). */
    cancelled_phases: v.array(PhaseNameSchema),
    /** Phases of the run that never started. */
    skipped_phases: v.array(PhaseNameSchema),
    /** Phases of the run that had finished before the cancellation (their results stand). */
    completed_phases: v.array(PhaseNameSchema),
    cancelled_at: v.string(),
  }),
);

/** BOS → RAS: the owner gave the batch a display name (null clears it). */
export const BatchRenamedTopic = defineTopic(
  "huleedu.batch.renamed.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    name: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
  }),
);
