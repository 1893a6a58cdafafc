import { describe, expect, test } from "bun:test";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { BatchStatus, enumValues } from "@shared/contracts/enums.ts";
import { assertAcceptsFiles, assertPipelineRequestAllowed, assertPromptAmendable, ownedBatch } from "../../src/domain/batch-access.ts";

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
  test("pipelines follow BOS's admission whatever the status: allowed passes, a denial is 409 with BOS's reason and message", () => {
    for (const status of statuses) {
      expect(errorOf(() => assertPipelineRequestAllowed("b", status, { allowed: true, reason: null, message: null }))).toBeUndefined();
    }
    const denied = errorOf(() => assertPipelineRequestAllowed("b", BatchStatus.READY_FOR_PIPELINE_EXECUTION, { allowed: false, reason: "no_essays", message: "no content" }));
    expect(denied?.status).toBe(409);
    expect(denied?.details).toEqual({ batch_id: "b", status: BatchStatus.READY_FOR_PIPELINE_EXECUTION, reason: "no_essays" });
    expect(denied?.message).toBe("no content");
  });
  test("the prompt can change unless a pipeline runs", () => {
    expect(statuses.filter((s) => errorOf(() => assertPromptAmendable("b", s)))).toEqual([BatchStatus.PROCESSING_PIPELINES]);
  });
});
