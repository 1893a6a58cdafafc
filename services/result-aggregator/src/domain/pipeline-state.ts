import { PhaseOutcomeStatus, PhaseStatus, type BatchStatus, type PhaseName, type PipelineName } from "@shared/contracts/enums.ts";
import { RunStatus, type PipelineStateResponse } from "@shared/contracts/pipeline-state.ts";
import { BEGINNING_OF_TIME, latestOf } from "./event-order.ts";

// BOS's `GET /internal/v1/batches/{id}/pipeline-state` answer is the shared contract
// (PipelineStateResponseSchema); the bos client parses with it, this module turns it into a seed.
// BOS marks the runs and phases the owner cancelled CANCELLED: in the view such a phase produced
// no outcome, so it seeds as SKIPPED (an earlier run's result of that phase stands).
const seedStatus = (s: RunStatus): PhaseStatus => (s === RunStatus.CANCELLED ? PhaseStatus.SKIPPED : s);

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

const outcomeOf = (status: RunStatus): PhaseOutcomeStatus | undefined => {
  if (status === PhaseStatus.COMPLETED_SUCCESSFULLY || status === PhaseStatus.COMPLETED_WITH_FAILURES) return status;
  if (status === PhaseStatus.FAILED) return PhaseOutcomeStatus.FAILED_CRITICALLY;
  return undefined;
};

/** Turn BOS's pipeline state into a view seed; the latest run of a phase wins (runs come oldest first). */
export function seedFromPipelineState(answer: PipelineStateResponse): BatchSeed {
  const state = answer.pipeline_state;
  const phases = new Map<PhaseName, PhaseSeed>();
  const moments: (string | null)[] = [];
  let lastPipeline: BatchSeed["lastPipeline"] = null;
  for (const run of state.runs) {
    moments.push(run.requested_at, run.completed_at);
    for (const p of run.phases) {
      moments.push(p.started_at, p.completed_at);
      const status = seedStatus(p.status);
      if (status === PhaseStatus.PENDING || status === PhaseStatus.SKIPPED) {
        if (phases.has(p.phase)) continue; // a later run that skipped a phase keeps the earlier result
      }
      phases.set(p.phase, {
        phase: p.phase, pipeline: run.pipeline, status,
        statusAt: p.completed_at ?? p.started_at ?? run.requested_at,
        startedAt: p.started_at, completedAt: p.completed_at,
        processedCount: p.processed_count, failedCount: p.failed_count,
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
    currentPipeline: state.active_pipeline,
    lastPipeline,
    phases: [...phases.values()],
  };
}
