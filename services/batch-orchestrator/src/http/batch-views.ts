import { PhaseStatus, type PhaseName } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { essayCounts, type BatchRecord } from "../db/batch-repository.ts";
import { failedEssaysOfRuns, findRun, phasesOfRun, phasesOfRuns, runsForBatch } from "../db/pipeline-repository.ts";
import { denyPipelineStart } from "../domain/pipeline-admission.ts";
import type { PipelineState } from "@shared/contracts/pipeline-state.ts";
import type { BatchSummary } from "./schemas.ts";

/** The batch as the gateway shows it: context, status, counts and what runs now. */
export function batchSummary(db: DbOrTx, batch: BatchRecord): BatchSummary {
  const run = batch.activeRunId ? findRun(db, batch.activeRunId) : undefined;
  const current = run ? phasesOfRun(db, run.runId).find((p) => p.status === PhaseStatus.IN_PROGRESS) : undefined;
  const counts = essayCounts(db, batch);
  const denial = denyPipelineStart({ status: batch.status, activeRunId: batch.activeRunId, provisionedCount: counts.provisioned });
  return {
    batch_id: batch.batchId, user_id: batch.userId, org_id: batch.orgId, name: batch.name, status: batch.status,
    course_code: batch.courseCode, language: batch.language, essay_instructions: batch.essayInstructions,
    class_id: batch.classId, assignment_id: batch.assignmentId, student_prompt_ref: batch.studentPromptRef,
    cj_settings: batch.cjSettings, counts,
    current_pipeline: run?.pipeline ?? null, current_phase: current?.phase ?? null,
    // The same rule the pipeline request handler applies (credits are checked only on the request).
    pipeline_admission: denial ? { allowed: false, reason: denial.compatibility_issue, message: denial.message } : { allowed: true, reason: null, message: null },
    created_at: batch.createdAt, updated_at: batch.updatedAt,
  };
}

/** Every run with its phases; `completed_phases` lists phases any run has completed. */
export function pipelineState(db: DbOrTx, batch: BatchRecord): PipelineState {
  const runs = runsForBatch(db, batch.batchId);
  const ids = runs.map((r) => r.runId);
  const phases = phasesOfRuns(db, ids);
  const failures = failedEssaysOfRuns(db, ids);
  const completed = new Set<PhaseName>();
  const views = runs.map((run) => {
    const own = phases.filter((p) => p.runId === run.runId);
    for (const p of own) {
      if (p.status === PhaseStatus.COMPLETED_SUCCESSFULLY || p.status === PhaseStatus.COMPLETED_WITH_FAILURES) completed.add(p.phase);
    }
    return {
      run_id: run.runId, pipeline: run.pipeline, status: run.status, prompt_source: run.promptSource, assignment_id: run.assignmentId,
      correlation_id: run.correlationId, requested_at: run.requestedAt, completed_at: run.completedAt, pruned_phases: run.prunedPhases, retry_of_run_id: run.retryOfRunId,
      failed_essay_ids: failures.filter((f) => f.runId === run.runId).map((f) => f.essayId),
      phases: own.map((p) => ({
        phase: p.phase, status: p.status, depends_on: p.dependsOn, started_at: p.startedAt, completed_at: p.completedAt,
        processed_count: p.processedCount, failed_count: p.failedCount,
      })),
    };
  });
  const active = views.find((r) => r.run_id === batch.activeRunId);
  return {
    batch_status: batch.status,
    active_pipeline: active?.pipeline ?? null,
    current_phase: active?.phases.find((p) => p.status === PhaseStatus.IN_PROGRESS)?.phase ?? null,
    completed_phases: [...completed],
    runs: views,
  };
}
