import { describe, expect, test } from "bun:test";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { denyPipelineStart } from "../../src/domain/pipeline-admission.ts";

describe("denyPipelineStart", () => {
  test("ready or finished batches with essays may start", () => {
    for (const status of [BatchStatus.READY_FOR_PIPELINE_EXECUTION, BatchStatus.COMPLETED_SUCCESSFULLY, BatchStatus.COMPLETED_WITH_FAILURES, BatchStatus.FAILED_CRITICALLY]) {
      expect(denyPipelineStart({ status, activeRunId: null, provisionedCount: 2 })).toBeNull();
    }
  });

  test("a running pipeline is a conflict, whatever else holds", () => {
    expect(denyPipelineStart({ status: BatchStatus.PROCESSING_PIPELINES, activeRunId: null, provisionedCount: 2 })?.compatibility_issue).toBe("pipeline_in_progress");
    expect(denyPipelineStart({ status: BatchStatus.COMPLETED_SUCCESSFULLY, activeRunId: "run-1", provisionedCount: 0 })).toMatchObject({
      error_code: "CONFLICT", compatibility_issue: "pipeline_in_progress",
    });
  });

  test("a batch still awaiting content, or without any essay, is refused", () => {
    expect(denyPipelineStart({ status: BatchStatus.AWAITING_CONTENT, activeRunId: null, provisionedCount: 0 })?.compatibility_issue).toBe("batch_not_ready");
    expect(denyPipelineStart({ status: BatchStatus.READY_FOR_PIPELINE_EXECUTION, activeRunId: null, provisionedCount: 0 })?.compatibility_issue).toBe("no_essays");
  });
});
