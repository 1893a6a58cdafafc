import { BatchStatus } from "@shared/contracts/enums.ts";

/**
 * A REGULAR batch (registered with a class) waits for its essay authors to be confirmed before it
 * is ready; a batch that can never run fails at once either way.
 */
export function awaitsStudentMatching(classId: string | null, statusAfterContent: BatchStatus): boolean {
  return classId !== null && statusAfterContent === BatchStatus.READY_FOR_PIPELINE_EXECUTION;
}
