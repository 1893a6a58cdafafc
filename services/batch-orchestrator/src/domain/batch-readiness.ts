import { BatchStatus } from "@shared/contracts/enums.ts";

/**
 * Status once every expected essay has content or a recorded failure: ready when at least one
 * essay can be processed; a batch whose every file failed can never run a pipeline.
 */
export function statusAfterProvisioning(provisionedCount: number): BatchStatus {
  return provisionedCount > 0 ? BatchStatus.READY_FOR_PIPELINE_EXECUTION : BatchStatus.FAILED_CRITICALLY;
}
