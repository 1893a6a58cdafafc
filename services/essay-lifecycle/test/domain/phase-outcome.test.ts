import { describe, expect, test } from "bun:test";
import { decidePhaseOutcome, type RunEssayState } from "../../src/domain/phase-outcome.ts";
import { isProvisioningComplete } from "../../src/domain/provisioning.ts";

const essay = (id: string, status: RunEssayState["status"]): RunEssayState => ({ essay_id: id, status, text_storage_id: `t-${id}` });

describe("phase outcome", () => {
  test("undecided while any essay is pending", () => {
    expect(decidePhaseOutcome([essay("a", "success"), essay("b", "pending")])).toBeUndefined();
  });

  test("all succeeded → COMPLETED_SUCCESSFULLY with every essay's text", () => {
    expect(decidePhaseOutcome([essay("a", "success"), essay("b", "success")])).toEqual({
      status: "COMPLETED_SUCCESSFULLY",
      processed_essays: [{ essay_id: "a", text_storage_id: "t-a" }, { essay_id: "b", text_storage_id: "t-b" }],
      failed_essay_ids: [],
      essay_results: [
        { essay_id: "a", status: "success", text_storage_id: "t-a", failure_reason: null, result_refs: {} },
        { essay_id: "b", status: "success", text_storage_id: "t-b", failure_reason: null, result_refs: {} },
      ],
    });
  });

  test("each essay's result references travel with a success; a failure carries its reason, a cancelled essay nothing", () => {
    const refs = { nlp: { metrics_storage_id: "m-a", grammar_storage_id: null, metrics: { words: 120 } } };
    const outcome = decidePhaseOutcome([
      { ...essay("a", "success"), result_refs: refs },
      { ...essay("b", "failed"), failure_reason: "TIMEOUT", result_refs: refs },
      essay("c", "cancelled"),
    ]);
    expect(outcome?.essay_results).toEqual([
      { essay_id: "a", status: "success", text_storage_id: "t-a", failure_reason: null, result_refs: refs },
      { essay_id: "b", status: "failed", text_storage_id: "t-b", failure_reason: "TIMEOUT", result_refs: {} },
    ]);
  });

  test("some failed → COMPLETED_WITH_FAILURES naming them", () => {
    const outcome = decidePhaseOutcome([essay("a", "success"), essay("b", "failed"), essay("c", "success")]);
    expect(outcome?.status).toBe("COMPLETED_WITH_FAILURES");
    expect(outcome?.failed_essay_ids).toEqual(["b"]);
    expect(outcome?.processed_essays.map((e) => e.essay_id)).toEqual(["a", "c"]);
  });

  test("all failed, or nothing to process → FAILED_CRITICALLY", () => {
    expect(decidePhaseOutcome([essay("a", "failed"), essay("b", "failed")])?.status).toBe("FAILED_CRITICALLY");
    expect(decidePhaseOutcome([])?.status).toBe("FAILED_CRITICALLY");
  });
});

describe("provisioning completion", () => {
  test("every expected essay must have content; rejected files never count", () => {
    expect(isProvisioningComplete({ expected: 3, assigned: 2, failed: 0 })).toBe(false);
    expect(isProvisioningComplete({ expected: 3, assigned: 2, failed: 1 })).toBe(false);
    expect(isProvisioningComplete({ expected: 2, assigned: 0, failed: 99 })).toBe(false);
    expect(isProvisioningComplete({ expected: 3, assigned: 3, failed: 5 })).toBe(true);
    expect(isProvisioningComplete({ expected: 0, assigned: 0, failed: 0 })).toBe(true);
  });
});
