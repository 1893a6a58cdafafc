import { BatchStatus } from "@shared/contracts/enums.ts";
import type { ErrorCode } from "@shared/contracts/errors.ts";

export interface PipelineDenial {
  error_code: ErrorCode;
  compatibility_issue: string | null;
  message: string;
}

export interface AdmissionFacts {
  status: BatchStatus;
  activeRunId: string | null;
  provisionedCount: number;
}

/** Statuses from which a pipeline may start: ready, or done with an earlier pipeline. */
const STARTABLE: ReadonlySet<BatchStatus> = new Set([
  BatchStatus.READY_FOR_PIPELINE_EXECUTION,
  BatchStatus.COMPLETED_SUCCESSFULLY,
  BatchStatus.COMPLETED_WITH_FAILURES,
  BatchStatus.FAILED_CRITICALLY,
]);

/** Why a batch cannot start a pipeline now, or null when it can. */
export function denyPipelineStart(facts: AdmissionFacts): PipelineDenial | null {
  if (facts.activeRunId !== null || facts.status === BatchStatus.PROCESSING_PIPELINES) {
    return { error_code: "CONFLICT", compatibility_issue: "pipeline_in_progress", message: "A pipeline is already running on this batch; wait for it to finish" };
  }
  if (!STARTABLE.has(facts.status)) {
    return { error_code: "CONFLICT", compatibility_issue: "batch_not_ready", message: `The batch is not ready for a pipeline (status ${facts.status})` };
  }
  if (facts.provisionedCount === 0) {
    return { error_code: "CONFLICT", compatibility_issue: "no_essays", message: "The batch has no essay content to process" };
  }
  return null;
}

/** The denial for a batch that does not exist or belongs to someone else (never tell which). */
export function unknownBatchDenial(batchId: string): PipelineDenial {
  return { error_code: "RESOURCE_NOT_FOUND", compatibility_issue: null, message: `Batch ${batchId} not found` };
}
