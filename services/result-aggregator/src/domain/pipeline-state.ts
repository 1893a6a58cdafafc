import * as v from "valibot";
import { BatchStatusSchema, PhaseNameSchema, PhaseOutcomeStatus, PhaseStatus, PhaseStatusSchema, PipelineNameSchema, type BatchStatus, type PhaseName, type PipelineName } from "@shared/contracts/enums.ts";
import { BEGINNING_OF_TIME, latestOf } from "./event-order.ts";

// The part of BOS's `GET /internal/v1/batches/{id}/pipeline-state` answer RAS relies on; extra
// fields are allowed so BOS can grow its answer without breaking RAS.
// BOS marks the runs and phases the owner cancelled CANCELLED: in the view such a phase produced
// no outcome, so it seeds as SKIPPED (an earlier run's result of that phase stands).
const BosPhaseStatusSchema = v.pipe(
  v.union([PhaseStatusSchema, v.literal("CANCELLED")]),
  v.transform((s): PhaseStatus => (s === "CANCELLED" ? PhaseStatus.SKIPPED : s)),
);

const PhaseStateSchema = v.looseObject({
  phase: PhaseNameSchema,
  status: BosPhaseStatusSchema,
  started_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
  processed_count: v.nullish(v.number()),
  failed_count: v.nullish(v.number()),
});

const RunStateSchema = v.looseObject({
  pipeline: PipelineNameSchema,
  status: v.nullish(BosPhaseStatusSchema),
  requested_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
  failed_essay_ids: v.optional(v.array(v.string()), []),
  phases: v.optional(v.array(PhaseStateSchema), []),
});

/** BOS's pipeline-state answer: the owner and what the batch's pipelines have done so far. */
export const BosPipelineStateResponseSchema = v.object({
  batch_id: v.string(),
  user_id: v.pipe(v.string(), v.minLength(1)),
  pipeline_state: v.looseObject({
    batch_status: BatchStatusSchema,
    active_pipeline: v.nullish(PipelineNameSchema),
    runs: v.optional(v.array(RunStateSchema), []),
  }),
});
export type BosPipelineStateResponse = v.InferOutput<typeof BosPipelineStateResponseSchema>;

export interface PhaseSeed {
  phase: PhaseName;
  pipeline: PipelineName;
  status: PhaseStatus;
  statusAt: string;
  startedAt: string | null;
  completedAt: string | null;
  processedCount: number | null;
  failedCount: number | null;
}

/** What a view starts from when its first event is not the registration. */
export interface BatchSeed {
  batchId: string;
  userId: string;
  status: BatchStatus;
  /** As recent as the latest moment the state mentions, so later events still apply. */
  statusAt: string;
  currentPipeline: PipelineName | null;
  lastPipeline: { pipeline: PipelineName; finalStatus: PhaseOutcomeStatus; failedEssayIds: string[]; completedAt: string } | null;
  phases: PhaseSeed[];
}

const outcomeOf = (status: PhaseStatus | null | undefined): PhaseOutcomeStatus | undefined => {
  if (status === PhaseStatus.COMPLETED_SUCCESSFULLY || status === PhaseStatus.COMPLETED_WITH_FAILURES) return status;
  if (status === PhaseStatus.FAILED) return PhaseOutcomeStatus.FAILED_CRITICALLY;
  return undefined;
};

/** Turn BOS's pipeline state into a view seed; the latest run of a phase wins (runs come oldest first). */
export function seedFromPipelineState(answer: BosPipelineStateResponse): BatchSeed {
  const state = answer.pipeline_state;
  const phases = new Map<PhaseName, PhaseSeed>();
  const moments: (string | null | undefined)[] = [];
  let lastPipeline: BatchSeed["lastPipeline"] = null;
  for (const run of state.runs) {
    moments.push(run.requested_at, run.completed_at);
    for (const p of run.phases) {
      moments.push(p.started_at, p.completed_at);
      if (p.status === PhaseStatus.PENDING || p.status === PhaseStatus.SKIPPED) {
        if (phases.has(p.phase)) continue; // a later run that skipped a phase keeps the earlier result
      }
      phases.set(p.phase, {
        phase: p.phase, pipeline: run.pipeline, status: p.status,
        statusAt: p.completed_at ?? p.started_at ?? run.requested_at ?? BEGINNING_OF_TIME,
        startedAt: p.started_at ?? null, completedAt: p.completed_at ?? null,
        processedCount: p.processed_count ?? null, failedCount: p.failed_count ?? null,
      });
    }
    const finalStatus = outcomeOf(run.status);
    if (run.completed_at && finalStatus) {
      lastPipeline = { pipeline: run.pipeline, finalStatus, failedEssayIds: run.failed_essay_ids, completedAt: run.completed_at };
    }
  }
  return {
    batchId: answer.batch_id,
    userId: answer.user_id,
    status: state.batch_status,
    statusAt: latestOf(moments) ?? BEGINNING_OF_TIME,
    currentPipeline: state.active_pipeline ?? null,
    lastPipeline,
    phases: [...phases.values()],
  };
}
