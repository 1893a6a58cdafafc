import { describe, expect, test } from "bun:test";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { BatchStatus, enumValues } from "@shared/contracts/enums.ts";
import { assertAcceptsFiles, assertPipelineRequestAllowed, assertPromptAmendable, ownedBatch } from "./batch-access.ts";

function errorOf(fn: () => unknown): HuleEduError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof HuleEduError) return err;
    throw err;
  }
}

describe("ownedBatch", () => {
  test("someone else's batch and a missing batch give the identical 404", () => {
    const other = errorOf(() => ownedBatch({ user_id: "u2" }, "u1", "b1"));
    const missing = errorOf(() => ownedBatch(undefined, "u1", "b1"));
    expect(other?.status).toBe(404);
    expect(other?.toDetail()).toEqual(missing!.toDetail());
    expect(ownedBatch({ user_id: "u1", x: 1 }, "u1", "b1")).toEqual({ user_id: "u1", x: 1 });
  });
});

describe("status gates", () => {
  const statuses = enumValues(BatchStatus);
  test("files only while AWAITING_CONTENT", () => {
    expect(statuses.filter((s) => !errorOf(() => assertAcceptsFiles("b", s)))).toEqual([BatchStatus.AWAITING_CONTENT]);
  });
  test("pipelines on ready or completed batches; 409 otherwise, naming a running pipeline", () => {
    expect(statuses.filter((s) => !errorOf(() => assertPipelineRequestAllowed("b", s)))).toEqual([
      BatchStatus.READY_FOR_PIPELINE_EXECUTION, BatchStatus.COMPLETED_SUCCESSFULLY, BatchStatus.COMPLETED_WITH_FAILURES,
    ]);
    const running = errorOf(() => assertPipelineRequestAllowed("b", BatchStatus.PROCESSING_PIPELINES));
    expect(running?.status).toBe(409);
    expect(running?.details.reason).toBe("pipeline_running");
  });
  test("the prompt can change unless a pipeline runs", () => {
    expect(statuses.filter((s) => errorOf(() => assertPromptAmendable("b", s)))).toEqual([BatchStatus.PROCESSING_PIPELINES]);
  });
});
